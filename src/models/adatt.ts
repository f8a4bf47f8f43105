import { z } from 'zod';
import { int, smokeTower, towerArgs, widths } from './args';
import { adattLevel } from './blocks/adatt-level';
import { embeddingInput } from './blocks/embedding-input';
import { towers } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { makeModel } from './model';
import type { ArchSpec } from './types';

const args = z
  .object({
    /** fusion levels (stacked like PLE's) */
    levels: int(1).default(2),
    /** experts of each task at every level */
    experts_per_task: int(1).default(1),
    /** shared experts at every level; 0 gives AdaTT-sp, task experts only */
    shared_experts: int(0).default(1),
    /** widths of each expert's layers */
    expert_units: widths(1).default([256]),
    ...towerArgs,
  })
  .strict();

export type AdattArgs = z.output<typeof args>;

/**
 * Adaptive Task-to-Task Fusion Network (Li et al., "AdaTT: Adaptive
 * Task-to-Task Fusion Network for Multitask Learning in Recommendations",
 * KDD 2023): fusion levels (src/models/blocks/adatt-level.ts) in which every
 * task's gate mixes the experts of all tasks and the shared ones, plus a
 * residual of its own experts; level j+1's experts of a task read that
 * task's fused output from level j, the shared ones the shared fusion.
 * Level 0 reads the embedding everywhere; the towers read the last level.
 */
export const adatt: ArchSpec<AdattArgs> = {
  description: "task and shared experts; every task's gate fuses all experts, plus a residual of its own (Li et al. 2023)",
  args,
  smoke: { levels: 2, experts_per_task: 1, shared_experts: 1, expert_units: [8], ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('adatt', ctx.seed);
    const input = embeddingInput(store, ctx.input);
    const last = a.expert_units[a.expert_units.length - 1];
    const levels = Array.from({ length: a.levels }, (_, j) =>
      adattLevel(store, j, ctx.tasks, j === 0 ? input.dim : last, a, { sharedOut: j < a.levels - 1, sameInput: j === 0 }),
    );
    const heads = towers(store, ctx.tasks, ctx.tasks.map(() => last), a.tower, a.activation);
    return makeModel('adatt', store, (batch, sink) => {
      const x = input.apply(batch); // [batch, in]
      let taskIn = ctx.tasks.map(() => x);
      let sharedIn = x;
      for (const level of levels) {
        const out = level.apply(taskIn, sharedIn, sink);
        taskIn = out.tasks;
        if (out.shared) sharedIn = out.shared;
      }
      return heads.map((h, k) => h.apply(taskIn[k]));
    });
  },
};
