import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { smokeTower, towerArgs, widths } from './args';
import { embeddingInput } from './blocks/embedding-input';
import { parallelMlps } from './blocks/mlp';
import { towers } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { makeModel } from './model';
import type { ArchSpec } from './types';

const args = z
  .object({
    /** widths of the shared bottom */
    shared_bottom: widths(1).default([256]),
    /** widths of each task's own bottom */
    task_bottom: widths(1).default([256]),
    ...towerArgs,
  })
  .strict();

export type CustomizedArgs = z.output<typeof args>;

/**
 * Customized sharing (Tang et al. 2020, Fig. 1c): a shared bottom plus one
 * bottom per task; tower k reads concat(shared, own) — no gate. The bottoms'
 * first layers are one fused matmul (`bottoms/dense_0`).
 */
export const customized: ArchSpec<CustomizedArgs> = {
  description: 'a shared bottom plus one bottom per task; each tower reads concat(shared, own) (Fig. 1c)',
  args,
  smoke: { shared_bottom: [8], task_bottom: [6, 4], ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('customized', ctx.seed, a.dropout);
    const input = embeddingInput(store, ctx.input);
    const members = [
      { name: 'shared', widths: a.shared_bottom },
      ...ctx.tasks.map((t) => ({ name: t.name, widths: a.task_bottom })),
    ];
    const bottoms = parallelMlps(store, 'bottoms', input.dim, members, a.activation);
    const inDim = bottoms.units[0] + bottoms.units[1];
    const heads = towers(store, ctx.tasks, ctx.tasks.map(() => inDim), a.tower, a.activation);
    return makeModel('customized', store, (batch) => {
      const [shared, ...own] = bottoms.apply(input.apply(batch)); // [batch, units] each
      return heads.map((t, k) => t.apply(tf.concat([shared, own[k]], 1)));
    });
  },
};
