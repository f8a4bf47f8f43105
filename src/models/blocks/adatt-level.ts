import * as tf from '@tensorflow/tfjs';
import { addFlops } from '../flops';
import type { GateWeights, TaskHead } from '../types';
import type { Activation } from './dense';
import { type ExpertBank, expertBank } from './experts';
import { type Gate, gate, recordGate } from './gate';
import { unstack } from './unstack';
import type { VariableStore } from './variable-store';

export interface AdattLevelArgs {
  experts_per_task: number;
  shared_experts: number;
  expert_units: number[];
  activation: Activation;
}

export interface AdattLevel {
  readonly units: number;
  /** each task's fused output [batch, units]; the shared group's, below the last level and with shared experts, else null */
  apply(taskInputs: tf.Tensor2D[], sharedInput: tf.Tensor2D, sink: GateWeights[] | undefined): { tasks: tf.Tensor2D[]; shared: tf.Tensor2D | null };
}

/**
 * One fusion level of AdaTT (Li et al., KDD 2023, §3): experts per task and
 * (optionally) shared ones; group g's fusion unit is
 * f_g = Σ_e softmax(W_g in_g)_e E_e over EVERY expert of the level (the
 * adaptive task-to-task fusion) + Σ_{e ∈ g} v_{g,e} E_e, a learned linear
 * combination of the group's own experts (`level_<j>_native_<g>`, starting
 * at 1: the residual that keeps a task's own signal). Readings taken: the
 * residual's weights are one scalar per own expert, and below the last
 * level the shared group has a fusion unit of the same form, whose output
 * the next level's shared experts read.
 */
export function adattLevel(store: VariableStore, level: number, tasks: TaskHead[], inDim: number, a: AdattLevelArgs, options: { sharedOut: boolean; sameInput: boolean }): AdattLevel {
  const groups = [...tasks.map((t) => ({ prefix: t.name, count: a.experts_per_task })), ...(a.shared_experts > 0 ? [{ prefix: 'shared', count: a.shared_experts }] : [])];
  const name = `level_${level}_experts`;
  const banks: ExpertBank[] = options.sameInput ? [expertBank(store, name, inDim, groups, a.expert_units, a.activation)] : groups.map((g) => expertBank(store, `${name}_${g.prefix}`, inDim, [g], a.expert_units, a.activation));
  const names = banks.flatMap((b) => b.names); // per group
  const all = names.flat();
  const fused = groups.map((g) => g.prefix).filter((_, i) => i < tasks.length || options.sharedOut);
  const gates: Gate[] = fused.map((g) => gate(store, `level_${level}_gate_${g}`, inDim, all));
  const native = fused.map((g, i) => store.variable(`level_${level}_native_${g}`, [groups[i].count], { values: Array(groups[i].count).fill(1) }));
  const units = banks[0].units;
  return {
    units,
    apply(taskInputs, sharedInput, sink) {
      const shared = a.shared_experts > 0;
      const outs = options.sameInput
        ? banks[0].apply(sharedInput) // groups × experts × [batch, units]
        : banks.map((b, g) => b.apply(g < tasks.length ? taskInputs[g] : sharedInput)[0]);
      const experts = outs.flat();
      const fusedOut = fused.map((g, i) => {
        const input = i < tasks.length ? taskInputs[i] : sharedInput;
        const w = gates[i].weights(input); // [batch, all experts]
        recordGate(sink, level, g, gates[i], w);
        const own = outs[i];
        addFlops(2 * input.shape[0] * own.length * units);
        const v = unstack<tf.Rank.R0>(native[i], 0);
        const residual = own.map((e, j) => tf.mul(e, v[j]));
        return tf.addN([gates[i].mix(w, experts), ...residual]) as tf.Tensor2D;
      });
      return { tasks: fusedOut.slice(0, tasks.length), shared: shared && options.sharedOut ? fusedOut[tasks.length] : null };
    },
  };
}
