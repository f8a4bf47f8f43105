import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { number, smokeTower, towerArgs, widths } from './args';
import { columns, stitch, stitchInit } from './blocks/columns';
import { embeddingInput } from './blocks/embedding-input';
import { towers } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { makeModel } from './model';
import type { ArchSpec } from './types';

const args = z
  .object({
    /** widths of each task's column */
    layers: widths(1).default([256, 128]),
    /** initial α_kk; off-diagonal entries start at (1 − alpha_self)/(K − 1) */
    alpha_self: number(0, 1).default(0.9),
    ...towerArgs,
  })
  .strict();

export type CrossStitchArgs = z.output<typeof args>;

/**
 * Cross-stitch network (Misra et al., CVPR 2016; Tang et al. 2020, Fig. 1):
 * one column per task; after every layer a learned K×K matrix α
 * (`cross_stitch_<l>/alpha`, initialised near identity) mixes the columns,
 * h'_k = Σ_j α_kj h_j. Tower k reads column k's last mixed output.
 */
export const crossStitch: ArchSpec<CrossStitchArgs> = {
  description: "one column per task; learned K×K units α mix the columns' activations after every layer",
  args,
  smoke: { layers: [8, 6], ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('cross_stitch', ctx.seed, a.dropout);
    const input = embeddingInput(store, ctx.input);
    const K = ctx.tasks.length;
    const cols = columns(store, 'columns', input.dim, ctx.tasks.map((t) => t.name), a.layers, a.activation);
    const alphas = a.layers.map((_, l) =>
      store.variable(`cross_stitch_${l}/alpha`, [K, K], { values: stitchInit(K, a.alpha_self) }),
    );
    const last = a.layers[a.layers.length - 1];
    const heads = towers(store, ctx.tasks, ctx.tasks.map(() => last), a.tower, a.activation);
    return makeModel('cross_stitch', store, (batch) => {
      let h = stitch(alphas[0] as tf.Tensor2D, cols.first(input.apply(batch))); // K × [batch, units]
      for (let l = 1; l < a.layers.length; l++) h = stitch(alphas[l] as tf.Tensor2D, cols.next(l, h));
      return heads.map((t, k) => t.apply(h[k]));
    });
  },
};
