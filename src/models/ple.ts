import { z } from 'zod';
import { int, smokeTower } from './args';
import { cgcLevel } from './blocks/cgc-level';
import { embeddingInput } from './blocks/embedding-input';
import { towers } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { cgcArgs, cgcSmoke } from './cgc-args';
import { makeModel } from './model';
import type { ArchSpec } from './types';

const args = z
  .object({
    /** CGC levels (extraction networks); two in the paper */
    levels: int(1).default(2),
    ...cgcArgs,
  })
  .strict();

export type PleArgs = z.output<typeof args>;

/**
 * Progressive Layered Extraction (Tang et al. 2020, §4.3, Fig. 5, Eq. 6): CGC
 * stacked in levels. At level j task k's experts and gate read task k's
 * level-(j−1) gated output, the shared experts read the shared output; below
 * the last level a shared gate mixes ALL the level's experts (every task's and
 * the shared ones) into the next level's shared input. The last level has no
 * shared gate; its task outputs feed the towers. Level 0 reads x everywhere.
 */
export const ple: ArchSpec<PleArgs> = {
  description: 'CGC stacked in levels, with a shared gate over all experts below the last level (Eq. 6)',
  args,
  smoke: { levels: 2, ...cgcSmoke, expert_units: [8, 6], ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('ple', ctx.seed, a.dropout);
    const input = embeddingInput(store, ctx.input);
    const levels = Array.from({ length: a.levels }, (_, j) =>
      cgcLevel(store, j, ctx.tasks, j === 0 ? input.dim : a.expert_units[a.expert_units.length - 1], a, {
        sharedGate: j < a.levels - 1,
        sameInput: j === 0,
      }),
    );
    const units = levels[0].units;
    const heads = towers(store, ctx.tasks, ctx.tasks.map(() => units), a.tower, a.activation);
    return makeModel('ple', store, (batch, sink) => {
      const x = input.apply(batch); // [batch, in]
      let taskIn = ctx.tasks.map(() => x);
      let sharedIn = x;
      for (const level of levels) {
        const out = level.apply(taskIn, sharedIn, sink); // tasks × [batch, units], shared [batch, units] | null
        taskIn = out.tasks;
        if (out.shared) sharedIn = out.shared;
      }
      return heads.map((t, k) => t.apply(taskIn[k]));
    });
  },
};
