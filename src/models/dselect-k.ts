import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { atLeast, int, smokeTower, towerArgs, widths } from './args';
import { dselectGate } from './blocks/dselect-gate';
import { embeddingInput } from './blocks/embedding-input';
import { expertBank } from './blocks/experts';
import { towers } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { makeModel } from './model';
import type { ArchSpec } from './types';

const args = z
  .object({
    /** shared experts n */
    experts: int(1).default(8),
    /** k: at most this many experts per example and task once the gate has converged */
    k: int(1).default(2),
    /** width γ of the smooth-step's polynomial band (the authors' default 1) */
    gamma: atLeast(1e-6).default(1),
    /** weight of the selectors' entropy in the loss, which speeds their convergence to hard choices (off by default, as in the authors' code) */
    entropy: atLeast(0).default(0),
    /** widths of each expert's layers */
    expert_units: widths(1).default([256]),
    ...towerArgs,
  })
  .strict()
  .refine((a) => a.k <= a.experts, { message: 'k: expected at most as many selected experts as there are experts', path: ['k'] });

export type DselectKArgs = z.output<typeof args>;

/**
 * MMoE with DSelect-k gates (Hazimeh et al., "DSelect-k: Differentiable
 * Selection in the Mixture of Experts with Applications to Multi-Task
 * Learning", NeurIPS 2021, §4): shared experts, and per task an
 * example-conditioned gate (`gate_<task>`) that learns to select at most k
 * of them (src/models/blocks/dselect-gate.ts). The selectors' entropy,
 * weighted by `entropy`, is the batch's penalty.
 */
export const dselectK: ArchSpec<DselectKArgs> = {
  description: 'MMoE whose gates each learn to pick at most k experts (DSelect-k, Hazimeh et al. 2021)',
  args,
  smoke: { experts: 3, k: 2, expert_units: [8], entropy: 0.001, ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('dselect_k', ctx.seed);
    const input = embeddingInput(store, ctx.input);
    const bank = expertBank(store, 'experts', input.dim, [{ prefix: 'expert', count: a.experts }], a.expert_units, a.activation);
    const gates = ctx.tasks.map((t) => dselectGate(store, `gate_${t.name}`, input.dim, bank.names[0], a.k, a.gamma));
    const heads = towers(store, ctx.tasks, ctx.tasks.map(() => bank.units), a.tower, a.activation);
    return makeModel('dselect_k', store, (batch, sink) => {
      const x = input.apply(batch); // [batch, in]
      const all = bank.names[0].map((_, i) => i);
      const entropies: tf.Scalar[] = [];
      const mixed = bank.mix(
        x,
        gates.map((g, k) => ({
          weights: () => {
            const { weights, entropy } = g.apply(x); // [batch, experts]
            entropies.push(entropy);
            sink?.push({ level: 0, gate: ctx.tasks[k].name, experts: g.experts, weights });
            return weights;
          },
          experts: all,
        })),
      );
      const outputs = heads.map((t, k) => t.apply(mixed[k]));
      return { outputs, penalty: a.entropy === 0 ? null : (tf.mul(tf.addN(entropies), a.entropy) as tf.Scalar) };
    });
  },
};
