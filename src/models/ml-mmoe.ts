import { z } from 'zod';
import { int, smokeTower, towerArgs, widths } from './args';
import { embeddingInput } from './blocks/embedding-input';
import { expertBank } from './blocks/experts';
import { type Gate, gate, recordGate } from './blocks/gate';
import { mlp } from './blocks/mlp';
import { towers } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { makeModel } from './model';
import type { ArchSpec } from './types';

const args = z
  .object({
    /** stacked MMoE levels (two in the paper) */
    levels: int(1).default(2),
    /** experts per level */
    experts: int(1).default(3),
    /** widths of each expert's layers (one layer in the paper) */
    expert_units: widths(1).default([256]),
    ...towerArgs,
  })
  .strict();

export type MlMmoeArgs = z.output<typeof args>;

/**
 * Multi-level MMoE (Tang et al. 2020, Fig. 1h). Our reading of the figure:
 * level 0 is MMoE's expert pool on x; every expert i of a level j ≥ 1 reads
 * its own softmax gate's mix of level j−1's experts (`level_<j>_gate_expert_<i>`,
 * recorded as level j−1, gate `expert_<i>`); the task gates (`gate_<task>`)
 * mix the last level's experts for the towers. All gates are computed from
 * the input embedding x, as MMoE's are; nothing is task-specific below the
 * task gates (that is what separates it from PLE).
 */
export const mlMmoe: ArchSpec<MlMmoeArgs> = {
  description: "stacked MMoE levels: higher-level experts read gated mixes of lower-level experts (Fig. 1h)",
  args,
  smoke: { levels: 2, experts: 2, expert_units: [8], ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('ml_mmoe', ctx.seed, a.dropout);
    const input = embeddingInput(store, ctx.input);
    const bank = expertBank(store, 'level_0_experts', input.dim, [{ prefix: 'expert', count: a.experts }], a.expert_units, a.activation);
    const names = bank.names[0];
    const units = bank.units;
    const upper = Array.from({ length: a.levels - 1 }, (_, i) => {
      const j = i + 1;
      return names.map((e) => ({
        gate: gate(store, `level_${j}_gate_${e}`, input.dim, names),
        expert: mlp(store, `level_${j}_${e}`, units, a.expert_units, a.activation),
      }));
    });
    const gates: Gate[] = ctx.tasks.map((t) => gate(store, `gate_${t.name}`, input.dim, names));
    const heads = towers(store, ctx.tasks, ctx.tasks.map(() => units), a.tower, a.activation);
    return makeModel('ml_mmoe', store, (batch, sink) => {
      const x = input.apply(batch); // [batch, in]
      const weigh = (g: Gate, level: number, name: string) => () => {
        const w = g.weights(x); // [batch, experts]
        recordGate(sink, level, name, g, w);
        return w;
      };
      // level 0's experts go to the gates above them mixed in one go (ExpertBank.mix)
      const all = names.map((_, e) => e);
      const above =
        upper.length > 0 ? upper[0].map((u, e) => weigh(u.gate, 0, names[e])) : gates.map((g, k) => weigh(g, 0, ctx.tasks[k].name));
      const mixed = bank.mix(x, above.map((weights) => ({ weights, experts: all }))); // [batch, units] per gate above
      if (upper.length === 0) return heads.map((t, k) => t.apply(mixed[k]));
      let experts = upper[0].map((u, e) => u.expert.apply(mixed[e])); // level 1's experts
      upper.slice(1).forEach((level, i) => {
        experts = level.map((u, e) => u.expert.apply(u.gate.mix(weigh(u.gate, i + 1, names[e])(), experts)));
      });
      return heads.map((t, k) => t.apply(gates[k].mix(weigh(gates[k], a.levels - 1, ctx.tasks[k].name)(), experts)));
    });
  },
};
