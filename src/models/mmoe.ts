import { z } from 'zod';
import { int, smokeTower, towerArgs, widths } from './args';
import { embeddingInput } from './blocks/embedding-input';
import { expertBank } from './blocks/experts';
import { gate, recordGate } from './blocks/gate';
import { towers } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { makeModel } from './model';
import type { ArchSpec } from './types';

const args = z
  .object({
    /** number of shared experts */
    experts: int(1).default(3),
    /** widths of each expert's layers (one layer in the paper) */
    expert_units: widths(1).default([256]),
    ...towerArgs,
  })
  .strict();

export type MmoeArgs = z.output<typeof args>;

/**
 * Multi-gate Mixture-of-Experts (Ma et al., KDD 2018; Tang et al. 2020,
 * Fig. 1): a pool of shared experts (`experts/dense_0`, one fused matmul) and
 * one softmax gate per task over all of them (`gate_<task>`), whose weighted
 * sum feeds the task's tower. Gates read the input embedding x.
 */
export const mmoe: ArchSpec<MmoeArgs> = {
  description: 'shared experts; one softmax gate per task over all experts (Ma et al. 2018)',
  args,
  smoke: { experts: 3, expert_units: [8, 6], ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('mmoe', ctx.seed, a.dropout);
    const input = embeddingInput(store, ctx.input);
    const bank = expertBank(store, 'experts', input.dim, [{ prefix: 'expert', count: a.experts }], a.expert_units, a.activation);
    const gates = ctx.tasks.map((t) => gate(store, `gate_${t.name}`, input.dim, bank.names[0]));
    const heads = towers(store, ctx.tasks, ctx.tasks.map(() => bank.units), a.tower, a.activation);
    return makeModel('mmoe', store, (batch, sink) => {
      const x = input.apply(batch); // [batch, in]
      const all = bank.names[0].map((_, i) => i);
      const mixed = bank.mix(
        x,
        gates.map((g, k) => ({
          weights: () => {
            const w = g.weights(x); // [batch, experts]
            recordGate(sink, 0, ctx.tasks[k].name, g, w);
            return w;
          },
          experts: all,
        })),
      );
      return heads.map((t, k) => t.apply(mixed[k]));
    });
  },
};

