import * as tf from '@tensorflow/tfjs';
import { unstack } from './unstack';
import { embeddingLookup } from '../../ops/embedding';
import { embeddingInputNative } from '../../ops/embedding-input-kernel';
import type { Batch, InputSpec } from '../types';
import type { VariableStore } from './variable-store';

export interface EmbeddingInput {
  /** Σ embedding dims + numeric features */
  readonly dim: number;
  /** x: [batch, dim] */
  apply(batch: Batch): tf.Tensor2D;
}

/**
 * One table `embedding_<feature>/table` [vocab, dim] per categorical feature
 * (uniform ±0.05, as Keras' Embedding), looked up through `embeddingLookup`
 * (which has a gradient on WASM) and concatenated with the numeric features;
 * with the native kernels, all of that is one kernel each way
 * (src/ops/embedding-input-kernel.ts).
 */
export function embeddingInput(store: VariableStore, input: InputSpec): EmbeddingInput {
  const tables = input.categorical.map((f) =>
    store.variable(`embedding_${f.name}/table`, [f.vocab, f.dim], { uniform: 0.05 }),
  );
  const dim = input.categorical.reduce((a, f) => a + f.dim, 0) + input.numeric.length;
  if (dim === 0) throw new Error('the model needs at least one categorical or numeric feature');
  const hasNumeric = input.numeric.length > 0;
  return {
    dim,
    apply: (batch) => {
      const fused = embeddingInputNative(tables as tf.Tensor2D[], batch.categorical, hasNumeric ? batch.numeric : null);
      if (fused !== undefined) return fused; // one native kernel each way, the same values
      const parts: tf.Tensor2D[] = [];
      if (tables.length > 0) {
        const ids = unstack<tf.Rank.R1>(batch.categorical, 1); // features × [batch]
        tables.forEach((t, i) => parts.push(embeddingLookup(t as tf.Tensor2D, ids[i]))); // [batch, dim_i]
      }
      if (hasNumeric) parts.push(batch.numeric);
      return parts.length === 1 ? parts[0] : tf.concat(parts, 1); // [batch, dim]
    },
  };
}
