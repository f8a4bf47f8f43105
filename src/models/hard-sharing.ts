import { z } from 'zod';
import { smokeTower, towerArgs, widths } from './args';
import { embeddingInput } from './blocks/embedding-input';
import { mlp } from './blocks/mlp';
import { towers } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { makeModel } from './model';
import type { ArchSpec } from './types';

const args = z
  .object({
    /** widths of the shared bottom MLP */
    bottom: widths(1).default([256]),
    ...towerArgs,
  })
  .strict();

export type HardSharingArgs = z.output<typeof args>;

/** Hard parameter sharing (shared-bottom; Tang et al. 2020, Fig. 1): one bottom MLP feeds every tower. */
export const hardSharing: ArchSpec<HardSharingArgs> = {
  description: 'one shared bottom MLP feeds every task tower',
  args,
  smoke: { bottom: [8], ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('hard_sharing', ctx.seed, a.dropout);
    const input = embeddingInput(store, ctx.input);
    const bottom = mlp(store, 'bottom', input.dim, a.bottom, a.activation);
    const heads = towers(store, ctx.tasks, ctx.tasks.map(() => bottom.units), a.tower, a.activation);
    return makeModel('hard_sharing', store, (batch) => {
      const h = bottom.apply(input.apply(batch)); // [batch, bottom]
      return heads.map((t) => t.apply(h));
    });
  },
};
