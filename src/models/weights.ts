import * as tf from '@tensorflow/tfjs';
import { logicalName } from './blocks/variable-store';
import type { MtlModel } from './types';

export interface StoredWeight {
  shape: number[];
  data: number[] | Float32Array;
}

/** Logical variable name (`level_0_gate_vtr/kernel`) → its shape and values; JSON-safe. */
export type WeightMap = Record<string, StoredWeight>;

export function exportWeights(model: MtlModel): WeightMap {
  const out: WeightMap = {};
  for (const v of model.variables) out[logicalName(v)] = { shape: [...v.shape], data: Array.from(v.dataSync()) };
  return out;
}

/** Loads weights written by `exportWeights` for the same architecture and arguments; throws on any mismatch. */
export function importWeights(model: MtlModel, weights: WeightMap): void {
  const problems: string[] = [];
  const names = new Set(model.variables.map(logicalName));
  for (const name of Object.keys(weights)) if (!names.has(name)) problems.push(`unexpected weight "${name}"`);
  for (const v of model.variables) {
    const name = logicalName(v);
    const w = weights[name];
    if (!w) problems.push(`missing weight "${name}"`);
    else if (!sameShape(w.shape, v.shape) || w.data.length !== v.size) {
      problems.push(`"${name}": expected shape [${v.shape}], got [${w.shape}] with ${w.data.length} values`);
    }
  }
  if (problems.length > 0) {
    const more = problems.length > 5 ? `; … ${problems.length - 5} more` : '';
    throw new Error(`weights do not fit this ${model.arch} model: ${problems.slice(0, 5).join('; ')}${more}`);
  }
  for (const v of model.variables) {
    const w = weights[logicalName(v)];
    tf.tidy(() => v.assign(tf.tensor(w.data, w.shape)));
  }
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
