import { z } from 'zod';
import { towerArgs, smokeTower, widths } from './args';
import { embeddingInput } from './blocks/embedding-input';
import { mlp } from './blocks/mlp';
import { tower } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { makeModel } from './model';
import type { ArchSpec } from './types';

const args = z
  .object({
    /** widths of each task's bottom MLP */
    bottom: widths(1).default([256]),
    ...towerArgs,
  })
  .strict();

export type SingleTaskArgs = z.output<typeof args>;

/**
 * Single-Task baseline (Tang et al. 2020, Table 1): one separate network per
 * task — its own embeddings (`net_<task>/embedding_*`), bottom and tower — so
 * no parameter is shared. Every MTL gain is measured against it. `net_<task>`
 * is a namespace: each net starts from the values that variables of the same
 * role (embeddings, bottom, tower) take in the multi-task models of the seed.
 */
export const singleTask: ArchSpec<SingleTaskArgs> = {
  description: 'nothing shared: one full network per task (the baseline)',
  args,
  smoke: { bottom: [8], ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('single_task', ctx.seed, a.dropout);
    const nets = ctx.tasks.map((t) => {
      const s = store.namespace(`net_${t.name}`);
      const input = embeddingInput(s, ctx.input);
      const bottom = mlp(s, 'bottom', input.dim, a.bottom, a.activation);
      return { input, bottom, tower: tower(s, t, bottom.units, a.tower, a.activation) };
    });
    return makeModel('single_task', store, (batch) =>
      nets.map((n) => n.tower.apply(n.bottom.apply(n.input.apply(batch)))),
    );
  },
};
