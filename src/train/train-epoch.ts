import type * as tf from '@tensorflow/tfjs';
import type { MtlModel, TaskHead } from '../models/types';
import { batchCount, disposeBatch, epochRng, gatherBatch, shuffledOrder } from './batches';
import { setLearningRate } from './learning-rate';
import { trainStep } from './train-step';
import type { JobFailure, PackedData, TrainJobOptions } from './types';

/** Seconds between two progress reports (and two yields to the event loop, so aborts and bars get a turn). */
const REPORT_INTERVAL_S = 0.25;

const now = (): number => performance.now() / 1000;

export interface EpochContext {
  epoch: number;
  epochs: number;
  seed: number;
  batchSize: number;
  /** the learning rate of each step of this epoch (src/train/learning-rate.ts) */
  learningRate: (step: number) => number;
  /** the model's L2 weight decay λ (0: none) */
  weightDecay: number;
  reporter: TrainJobOptions['reporter'];
  signal: AbortSignal | undefined;
}

export interface EpochRun {
  steps: number;
  samples: number;
  seconds: number;
  /** mean L_k over the epoch's batches */
  taskLoss: number[];
  totalLoss: number;
  failure?: JobFailure;
}

/**
 * One pass over the training rows, reshuffled from (seed, epoch). Stops at the
 * first non-finite loss or gradient and returns the failure; throws an
 * AbortError when `signal` fires (checked between steps).
 */
export async function trainEpoch(
  model: MtlModel,
  optimizer: tf.Optimizer,
  train: PackedData,
  heads: TaskHead[],
  weights: number[],
  ctx: EpochContext,
): Promise<EpochRun> {
  const types = heads.map((h) => h.type);
  const order = shuffledOrder(train.rows, epochRng(ctx.seed, ctx.epoch));
  const steps = batchCount(train.rows, ctx.batchSize);
  const sums = new Float64Array(heads.length + 1);
  const start = now();
  let lastReport = start;
  let samples = 0;
  for (let step = 0; step < steps; step++) {
    throwIfAborted(ctx.signal);
    const from = step * ctx.batchSize;
    const batch = gatherBatch(train, order, from, Math.min(from + ctx.batchSize, train.rows), heads.length);
    let result: ReturnType<typeof trainStep>;
    setLearningRate(optimizer, ctx.learningRate(step));
    try {
      result = trainStep(model, optimizer, batch, types, weights, ctx.weightDecay);
    } finally {
      disposeBatch(batch);
    }
    const values = result.losses;
    if (!values.every(Number.isFinite) || !result.finiteGradients) {
      const parts = heads.map((h, k) => `${h.name} ${values[k + 1]}`).join(', ');
      const what = values.every(Number.isFinite) ? 'a gradient is not finite' : `loss is ${values[0]}`;
      return {
        steps: step,
        samples,
        seconds: now() - start,
        taskLoss: [],
        totalLoss: NaN,
        failure: { epoch: ctx.epoch, step, message: `${what} at epoch ${ctx.epoch}, step ${step} (losses: ${parts})` },
      };
    }
    samples += batch.rows;
    for (let i = 0; i < values.length; i++) sums[i] += values[i];
    const t = now();
    if (t - lastReport >= REPORT_INTERVAL_S || step === steps - 1) {
      lastReport = t;
      ctx.reporter?.step?.({
        epoch: ctx.epoch,
        epochs: ctx.epochs,
        step: step + 1,
        steps,
        loss: values[0],
        samplesPerSecond: samples / Math.max(t - start, 1e-9),
      });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  const seconds = now() - start;
  const n = Math.max(steps, 1);
  return { steps, samples, seconds, taskLoss: heads.map((_, k) => sums[k + 1] / n), totalLoss: sums[0] / n };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const err = new Error('training job aborted');
    err.name = 'AbortError';
    throw err;
  }
}
