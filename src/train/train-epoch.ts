import type * as tf from '@tensorflow/tfjs';
import type { TaskHead } from '../models/types';
import { batchCount, disposeBatch, epochRng, gatherBatch, shuffledOrder, type TensorBatch } from './batches';
import { setLearningRate } from './learning-rate';
import type { StepResult } from './train-step';
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
  optimizer: tf.Optimizer,
  train: PackedData,
  heads: TaskHead[],
  step: (batch: TensorBatch) => StepResult,
  ctx: EpochContext,
): Promise<EpochRun> {
  const order = shuffledOrder(train.rows, epochRng(ctx.seed, ctx.epoch));
  const steps = batchCount(train.rows, ctx.batchSize);
  const sums = new Float64Array(heads.length + 1);
  const start = now();
  let lastReport = start;
  let samples = 0;
  for (let i = 0; i < steps; i++) {
    throwIfAborted(ctx.signal);
    const from = i * ctx.batchSize;
    const batch = gatherBatch(train, order, from, Math.min(from + ctx.batchSize, train.rows), heads.length);
    let result: StepResult;
    setLearningRate(optimizer, ctx.learningRate(i));
    try {
      result = step(batch);
    } finally {
      disposeBatch(batch);
    }
    const values = result.losses;
    if (!values.every(Number.isFinite) || !result.finiteGradients) {
      const parts = heads.map((h, k) => `${h.name} ${values[k + 1]}`).join(', ');
      const what = values.every(Number.isFinite) ? 'a gradient is not finite' : `loss is ${values[0]}`;
      return {
        steps: i,
        samples,
        seconds: now() - start,
        taskLoss: [],
        totalLoss: NaN,
        failure: { epoch: ctx.epoch, step: i, message: `${what} at epoch ${ctx.epoch}, step ${i} (losses: ${parts})` },
      };
    }
    samples += batch.rows;
    for (let i = 0; i < values.length; i++) sums[i] += values[i];
    const t = now();
    if (t - lastReport >= REPORT_INTERVAL_S || i === steps - 1) {
      lastReport = t;
      ctx.reporter?.step?.({
        epoch: ctx.epoch,
        epochs: ctx.epochs,
        step: i + 1,
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
