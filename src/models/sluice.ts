import * as tf from '@tensorflow/tfjs';
import { unstack } from './blocks/unstack';
import { z } from 'zod';
import { atLeast, int, number, smokeTower, towerArgs, widths } from './args';
import { type Columns, columns, stitch, stitchInit } from './blocks/columns';
import { embeddingInput } from './blocks/embedding-input';
import { towers } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { addFlops } from './flops';
import { makeModel } from './model';
import type { ArchSpec } from './types';

const args = z
  .object({
    /** widths of each task's column; each must be a multiple of `subspaces` */
    layers: widths(1).default([256, 128]),
    /** subspaces each column's layer output is split into */
    subspaces: int(1).default(2),
    /** initial α diagonal over the K·S subspaces; the rest start at (1 − alpha_self)/(K·S − 1) */
    alpha_self: number(0, 1).default(0.9),
    /** weight of the subspace orthogonality penalty Σ‖W₁ᵀW₂‖²_F (0 = off) */
    orthogonality: atLeast(0).default(0),
    ...towerArgs,
  })
  .strict()
  .superRefine((a, ctx) => {
    a.layers.forEach((w, l) => {
      if (w % a.subspaces !== 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['layers', l],
          message: `expected a multiple of subspaces (${a.subspaces}), got ${w}`,
        });
      }
    });
  });

export type SluiceArgs = z.output<typeof args>;

/**
 * Sluice network (Ruder et al., AAAI 2019; Tang et al. 2020, Fig. 1): task
 * columns whose every layer output is split into S subspaces; a learned
 * (K·S)×(K·S) α (`sluice_<l>/alpha`, near identity) mixes the subspaces of all
 * columns. Layers' outputs differ in width, so tower k reads the β-weighted
 * concatenation [β_k,0·h_0^k, …, β_k,L−1·h_L−1^k] (`beta_<task>`, initialised
 * [0, …, 0, 1]: the last layer only). `penalty()` returns
 * orthogonality · Σ_{task, layer} Σ_{s<t} ‖W_sᵀ W_t‖²_F over the subspaces' kernels.
 */
export const sluice: ArchSpec<SluiceArgs> = {
  description: 'task columns split into subspaces mixed by learned α, layers combined per tower by learned β',
  args,
  smoke: { layers: [8, 6], subspaces: 2, orthogonality: 0.01, ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('sluice', ctx.seed, a.dropout);
    const input = embeddingInput(store, ctx.input);
    const K = ctx.tasks.length;
    const S = a.subspaces;
    const L = a.layers.length;
    const cols = columns(store, 'columns', input.dim, ctx.tasks.map((t) => t.name), a.layers, a.activation);
    const alphas = a.layers.map((_, l) =>
      store.variable(`sluice_${l}/alpha`, [K * S, K * S], { values: stitchInit(K * S, a.alpha_self) }),
    );
    const betas = ctx.tasks.map((t) =>
      store.variable(`beta_${t.name}`, [L], { values: a.layers.map((_, l) => (l === L - 1 ? 1 : 0)) }),
    );
    const inDim = a.layers.reduce((s, w) => s + w, 0);
    const heads = towers(store, ctx.tasks, ctx.tasks.map(() => inDim), a.tower, a.activation);
    /** α over the K·S subspaces of layer l's columns: K × [batch, units] → K × [batch, units] */
    const mix = (l: number, h: tf.Tensor2D[]): tf.Tensor2D[] => {
      if (S === 1) return stitch(alphas[l] as tf.Tensor2D, h);
      const subs = stitch(alphas[l] as tf.Tensor2D, h.flatMap((c) => tf.split(c, S, 1) as tf.Tensor2D[])); // K·S × [batch, units/S]
      return h.map((_, k) => tf.concat(subs.slice(k * S, (k + 1) * S), 1));
    };
    const penalty = (): tf.Scalar | null =>
      a.orthogonality === 0 || S === 1
        ? null
        : tf.tidy(() => tf.mul(orthogonality(cols, a.layers.length, K, S), a.orthogonality) as tf.Scalar);
    return makeModel(
      'sluice',
      store,
      (batch) => {
        const perLayer = [mix(0, cols.first(input.apply(batch)))]; // L × K × [batch, units_l]
        for (let l = 1; l < L; l++) perLayer.push(mix(l, cols.next(l, perLayer[l - 1])));
        return heads.map((t, k) => {
          const weights = unstack<tf.Rank.R0>(betas[k], 0); // L scalars
          const parts = perLayer.map((cols, l) => {
            addFlops(cols[k].size);
            return tf.mul(cols[k], weights[l]) as tf.Tensor2D;
          });
          return t.apply(parts.length === 1 ? parts[0] : tf.concat(parts, 1));
        });
      },
      { penalty },
    );
  },
};

/** Σ over tasks k and layers l of Σ_{s<t} ‖W_sᵀ W_t‖²_F, W_s the kernel columns of subspace s. */
function orthogonality(cols: Columns, layers: number, K: number, S: number): tf.Scalar {
  const terms: tf.Scalar[] = [];
  for (let l = 0; l < layers; l++) {
    for (let k = 0; k < K; k++) {
      const subs = tf.split(cols.kernel(l, k), S, 1); // S × [in, units/S]
      for (let s = 0; s < S; s++) {
        for (let t = s + 1; t < S; t++) terms.push(tf.sum(tf.square(tf.matMul(tf.transpose(subs[s]), subs[t]))));
      }
    }
  }
  return tf.addN(terms);
}
