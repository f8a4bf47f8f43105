import { studySettings } from '../config/study-settings';
import { buildModel, logicalName } from '../models';
import { flopsPerSample } from '../models/flops';
import type { MtlModel, TaskHead } from '../models/types';
import { batchCount } from './batches';
import { makeWeighting } from '../weighting';
import { buildContext, taskHeads, taskParents } from './build-context';
import { EarlyStopping } from './early-stopping';
import { datasetLosses, infer, inferenceBatchSize, taskMetrics } from './evaluate';
import { learningRateSchedule } from './learning-rate';
import { makeOptimizer } from './optimizer';
import { trainEpoch } from './train-epoch';
import type { EpochRecord, JobResult, PackedData, SavedWeight, TrainJobOptions } from './types';
import { taskWeights } from './weight-schedule';

const now = (): number => performance.now() / 1000;

/**
 * Trains one model with one seed and evaluates it on the test day.
 *
 * Loss Σ_k ω_k(t) L_k (+ the model's penalty), L_k masked to the task's rows
 * and ω_k(t) = ω_k,0 γ_k^t (see DESIGN.md, "Training as the paper describes
 * it"); the learning rate constant or decaying linearly over all the
 * configured epochs' steps. Batches are reshuffled each epoch from the job's
 * seed. With a validation slice, each epoch is scored on it, and early stopping (when
 * configured) keeps the best epoch's weights. A non-finite loss or gradient
 * ends the job with status 'failed' instead of throwing; an abort rejects with
 * an AbortError.
 */
export async function trainJob(options: TrainJobOptions): Promise<JobResult> {
  const { config, seed, data, reporter, signal } = options;
  const training = config.training;
  const heads = taskHeads(config);
  const started = now();
  const context = buildContext(config, seed);
  const model = buildModel(options.model.arch, options.model.args, context);
  const optimizer = makeOptimizer(training);
  const weighting = makeWeighting(options.model.weighting ?? training.weighting, {
    model,
    spec: { types: heads.map((h) => h.type), parents: taskParents(heads) },
    baseWeights: (epoch) => {
      const w = taskWeights(config.tasks, epoch);
      return heads.map((h) => w[h.name]);
    },
    seed,
    weightDecay: Number(options.model.args.weight_decay ?? 0),
  });
  const rate = learningRateSchedule(training, batchCount(data.train.rows, training.batch_size));
  const stopping = training.early_stopping && data.validation.rows > 0 ? training.early_stopping : undefined;
  const early = new EarlyStopping(stopping?.patience ?? 0, stopping?.restore_best ?? false);
  const history: EpochRecord[] = [];
  const base = {
    model: options.model.name,
    arch: options.model.arch,
    seed,
    history,
    parameters: model.variables.reduce((n, v) => n + v.size, 0),
    flops_per_sample: flopsPerSample(model, context),
  };
  let trainSeconds = 0;
  let trainSamples = 0;
  const finish = (rest: Omit<JobResult, keyof typeof base | 'wall_s' | 'train_samples_per_s'>): JobResult => ({
    ...base,
    ...rest,
    wall_s: now() - started,
    train_samples_per_s: trainSeconds > 0 ? trainSamples / trainSeconds : 0,
  });
  try {
    let lastEpoch = -1;
    for (let epoch = 0; epoch < training.epochs; epoch++) {
      const epochStart = now();
      weighting.startEpoch(epoch, history.map((r) => heads.map((h) => r.train_loss[h.name])));
      const run = await trainEpoch(optimizer, data.train, heads, (batch) => weighting.step(optimizer, batch), {
        epoch,
        epochs: training.epochs,
        seed,
        batchSize: training.batch_size,
        learningRate: (step) => rate(epoch, step),
        reporter,
        signal,
      });
      trainSeconds += run.seconds;
      trainSamples += run.samples;
      if (run.failure) return finish({ status: 'failed', failure: run.failure, metrics: {}, best_epoch: early.bestEpoch });
      lastEpoch = epoch;
      const record: EpochRecord = {
        epoch,
        weights: Object.fromEntries(heads.map((h, k) => [h.name, weighting.epochWeights()[k]])),
        train_loss: Object.fromEntries(heads.map((h, k) => [h.name, run.taskLoss[k]])),
        total_loss: run.totalLoss,
        wall_s: 0,
        samples_per_s: run.seconds > 0 ? run.samples / run.seconds : 0,
      };
      if (data.validation.rows > 0) {
        const { outputs } = infer(model, data.validation, heads.length, inferenceBatchSize(training.batch_size));
        record.validation = taskMetrics(outputs, data.validation, heads);
        const losses = datasetLosses(outputs, data.validation, heads);
        record.validation_loss = losses.reduce((s, l, k) => s + config.tasks[k].weight * l, 0);
        if (!Number.isFinite(record.validation_loss)) {
          const failure = { epoch, step: run.steps, message: `validation loss is ${record.validation_loss} after epoch ${epoch}` };
          return finish({ status: 'failed', failure, metrics: {}, best_epoch: early.bestEpoch });
        }
      }
      record.wall_s = now() - epochStart;
      history.push(record);
      reporter?.epoch?.(record);
      if (stopping && early.update(epoch, record.validation_loss!, model.variables)) break;
    }
    const bestEpoch = early.finish(lastEpoch, model.variables);
    const test = evaluateTest(model, data.test, heads, training.batch_size, keepsTestOutputs(config));
    const kept = {
      ...(training.save_predictions ? { validation_outputs: infer(model, data.validation, heads.length, inferenceBatchSize(training.batch_size)).outputs } : {}),
      ...(training.save_models ? { weights: savedWeights(model) } : {}),
    };
    return finish({ status: 'ok', metrics: test.metrics, best_epoch: bestEpoch, gates: test.gates, test_outputs: test.outputs, ...kept });
  } finally {
    early.dispose();
    weighting.dispose();
    optimizer.dispose();
    model.dispose();
  }
}

/**
 * A job keeps its test outputs when asked to, and when the study's intervals
 * cover the test set: the bootstrap over test rows re-scores them.
 */
export function keepsTestOutputs(config: TrainJobOptions['config']): boolean {
  return config.training.save_predictions || studySettings(config).interval !== 'seeds';
}

/** The trained weights, by logical name, in the model's variable order (`training.save_models`). */
function savedWeights(model: MtlModel): SavedWeight[] {
  return model.variables.map((v) => ({ name: logicalName(v), shape: [...v.shape], values: Float32Array.from(v.dataSync()) }));
}

/** Test-day metrics, gate statistics and (when kept) the outputs the metrics were computed from. */
function evaluateTest(model: MtlModel, test: PackedData, heads: TaskHead[], batchSize: number, keepOutputs: boolean) {
  const { outputs, gates } = infer(model, test, heads.length, inferenceBatchSize(batchSize), true);
  return { metrics: taskMetrics(outputs, test, heads), gates, outputs: keepOutputs ? outputs : undefined };
}
