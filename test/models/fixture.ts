import * as tf from '@tensorflow/tfjs';
import { logicalName } from '../../src/models';
import type { Batch, BuildContext, MtlModel, TaskHead } from '../../src/models/types';

/** Small deterministic generator for test data (not for models). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export const TWO_TASKS: TaskHead[] = [
  { name: 'vtr', type: 'binary', sigmoidOutput: false },
  { name: 'vcr', type: 'regression', sigmoidOutput: true },
];

export const THREE_TASKS: TaskHead[] = [...TWO_TASKS, { name: 'shr', type: 'regression', sigmoidOutput: false }];

/** 2 categorical features (vocab 7 and 5, dims 3 and 2) + 2 numeric: input width 7. */
export function context(tasks: TaskHead[], seed = 1): BuildContext {
  return {
    input: {
      categorical: [
        { name: 'user', vocab: 7, dim: 3 },
        { name: 'video', vocab: 5, dim: 2 },
      ],
      numeric: ['length', 'hour'],
    },
    tasks,
    seed,
  };
}

export interface Data {
  batch: Batch;
  /** per task, [batch] */
  labels: tf.Tensor1D[];
}

/** A batch whose labels depend on the features, so a few steps lower the loss. */
export function makeData(tasks: TaskHead[], rows = 32, seed = 7): Data {
  const r = lcg(seed);
  const cat: number[] = [];
  const num: number[] = [];
  const score: number[] = [];
  for (let i = 0; i < rows; i++) {
    const u = Math.floor(r() * 7);
    const v = Math.floor(r() * 5);
    const a = r() * 2 - 1;
    const b = r() * 2 - 1;
    cat.push(u, v);
    num.push(a, b);
    score.push(a - b + (u % 2) - (v % 3) * 0.5);
  }
  const labels = tasks.map((t, k) =>
    tf.tensor1d(score.map((s) => (t.type === 'binary' ? (s + k * 0.1 > 0 ? 1 : 0) : 1 / (1 + Math.exp(-s * (k + 1)))))),
  );
  return {
    batch: { categorical: tf.tensor2d(cat, [rows, 2], 'int32'), numeric: tf.tensor2d(num, [rows, 2]) },
    labels,
  };
}

/** Σ_k L_k (sigmoid cross-entropy for binary, MSE for regression) + the model's penalty. */
export function loss(model: MtlModel, tasks: TaskHead[], data: Data): tf.Scalar {
  return tf.tidy(() => {
    const out = model.apply(data.batch);
    const terms = out.outputs.map((y, k) =>
      tasks[k].type === 'binary'
        ? tf.losses.sigmoidCrossEntropy(data.labels[k], y)
        : tf.losses.meanSquaredError(data.labels[k], y),
    );
    const penalties = [model.penalty(), out.penalty ?? null].filter((p): p is tf.Scalar => p !== null);
    return tf.addN([...terms, ...penalties]) as tf.Scalar;
  });
}

export function disposeData(data: Data): void {
  tf.dispose([data.batch.categorical, data.batch.numeric, ...data.labels]);
}

/** d(Σ output of task k)/d(variable), as plain numbers per logical name (absent = no path). */
export function gradsOfTask(model: MtlModel, k: number, tasks = TWO_TASKS): Record<string, number[]> {
  const data = makeData(tasks, 16);
  const { grads } = tf.variableGrads(() => tf.sum(model.apply(data.batch).outputs[k]) as tf.Scalar, model.variables);
  const out: Record<string, number[]> = {};
  for (const v of model.variables) if (grads[v.name]) out[logicalName(v)] = Array.from(grads[v.name].dataSync());
  tf.dispose(Object.values(grads));
  disposeData(data);
  return out;
}
