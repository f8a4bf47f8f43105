import { z } from 'zod';
import { smokeTower } from './args';
import { cgcLevel } from './blocks/cgc-level';
import { embeddingInput } from './blocks/embedding-input';
import { towers } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { cgcArgs, cgcSmoke } from './cgc-args';
import { makeModel } from './model';
import type { ArchSpec } from './types';

const args = z.object(cgcArgs).strict();

export type CgcArgs = z.output<typeof args>;

/**
 * Customized Gate Control (Tang et al. 2020, §4.2, Fig. 4, Eq. 2–5): shared
 * experts plus m_k experts per task; task k's gate is
 * g_k(x) = softmax(W_k x) over [E_k,1..E_k,m_k, E_s,1..E_s,m_s] and its
 * weighted sum feeds tower k. One level of `ple` without the shared gate.
 */
export const cgc: ArchSpec<CgcArgs> = {
  description: "task and shared experts; task k's gate mixes its own and the shared experts (Eq. 5)",
  args,
  smoke: { ...cgcSmoke, ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('cgc', ctx.seed, a.dropout);
    const input = embeddingInput(store, ctx.input);
    const level = cgcLevel(store, 0, ctx.tasks, input.dim, a, { sharedGate: false, sameInput: true });
    const heads = towers(store, ctx.tasks, ctx.tasks.map(() => level.units), a.tower, a.activation);
    return makeModel('cgc', store, (batch, sink) => {
      const x = input.apply(batch); // [batch, in]
      const out = level.apply(ctx.tasks.map(() => x), x, sink);
      return heads.map((t, k) => t.apply(out.tasks[k]));
    });
  },
};
