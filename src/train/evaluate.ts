import * as tf from '@tensorflow/tfjs';
import { auc } from '../metrics/auc';
import { logloss } from '../metrics/logloss';
import { mse } from '../metrics/mse';
import type { MtlModel, TaskHead } from '../models/types';
import { disposeBatch, sliceBatch } from './batches';
import type { GateStat, PackedData, TaskMetrics } from './types';

/** Rows per inference batch: larger than training batches, since no activations are kept for a backward pass. */
export function inferenceBatchSize(trainBatch: number): number {
  return Math.max(trainBatch, 4096);
}

export interface Inference {
  /** per task, [rows]: logits for binary tasks, predictions for regression */
  outputs: Float32Array[];
  /** mean gate weight per expert over all rows; only for gated models, when asked */
  gates?: GateStat[];
}

/** Runs the model over every row of `data` in batches, without a gradient tape. */
export function infer(model: MtlModel, data: PackedData, tasks: number, batchSize: number, withGates = false): Inference {
  const outputs = Array.from({ length: tasks }, () => new Float32Array(data.rows));
  const gateSums = new Map<string, { level: number; gate: string; experts: string[]; sum: Float64Array }>();
  for (let start = 0; start < data.rows; start += batchSize) {
    const end = Math.min(start + batchSize, data.rows);
    const batch = sliceBatch(data, start, end, tasks);
    tf.tidy(() => {
      const out = model.apply(batch.inputs, { gates: withGates });
      out.outputs.forEach((o, k) => outputs[k].set(o.dataSync(), start));
      for (const g of out.gates ?? []) {
        const key = `${g.level}/${g.gate}`;
        let acc = gateSums.get(key);
        if (acc === undefined) {
          acc = { level: g.level, gate: g.gate, experts: g.experts, sum: new Float64Array(g.experts.length) };
          gateSums.set(key, acc);
        }
        const s = tf.sum(g.weights, 0).dataSync(); // [experts]
        for (let e = 0; e < s.length; e++) acc.sum[e] += s[e];
      }
    });
    disposeBatch(batch);
  }
  const gates =
    gateSums.size === 0
      ? undefined
      : [...gateSums.values()].map((g) => ({
          level: g.level,
          gate: g.gate,
          experts: g.experts,
          mean: Array.from(g.sum, (v) => v / Math.max(data.rows, 1)),
        }));
  return { outputs, gates };
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Metrics per task over the rows in the task (δ = 1): AUC and log loss for
 * binary tasks, MSE for regression. AUC is computed on the logits — the same
 * ranking as sigmoid(logit), without the ties float32 saturation would add —
 * and left out when the rows hold a single class.
 */
export function taskMetrics(outputs: Float32Array[], data: PackedData, heads: TaskHead[]): Record<string, TaskMetrics> {
  const result: Record<string, TaskMetrics> = {};
  heads.forEach((head, k) => {
    const { labels, mask, n } = column(data, k, heads.length);
    if (head.type === 'binary') {
      const a = auc(outputs[k], labels, mask);
      const probs = Float64Array.from(outputs[k], sigmoid);
      result[head.name] = { n, ...(Number.isNaN(a) ? {} : { auc: a }), logloss: logloss(probs, labels, mask) };
    } else {
      result[head.name] = { n, mse: mse(outputs[k], labels, mask) };
    }
  });
  return result;
}

/** L_k over all rows of `data` (the masked mean of Eq. 9 over the whole set, not a mean of batch means); 0 for a task with no row. */
export function datasetLosses(outputs: Float32Array[], data: PackedData, heads: TaskHead[]): number[] {
  return heads.map((head, k) => {
    const { labels, mask, n } = column(data, k, heads.length);
    if (n === 0) return 0;
    let total = 0;
    const o = outputs[k];
    for (let i = 0; i < data.rows; i++) {
      if (mask[i] === 0) continue;
      const z = o[i];
      const y = labels[i];
      total += head.type === 'binary' ? Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))) : (z - y) * (z - y);
    }
    return total / n;
  });
}

/** One task's labels and mask as contiguous arrays (packed data is row-major). */
function column(data: PackedData, k: number, tasks: number): { labels: Float32Array; mask: Float32Array; n: number } {
  const labels = new Float32Array(data.rows);
  const mask = new Float32Array(data.rows);
  let n = 0;
  for (let i = 0; i < data.rows; i++) {
    labels[i] = data.labels[i * tasks + k];
    mask[i] = data.masks[i * tasks + k];
    if (mask[i] !== 0) n++;
  }
  return { labels, mask, n };
}
