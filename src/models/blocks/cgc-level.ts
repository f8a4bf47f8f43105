import type * as tf from '@tensorflow/tfjs';
import type { GateWeights, TaskHead } from '../types';
import type { Activation } from './dense';
import { type ExpertBank, expertBank } from './experts';
import { type Gate, gate, recordGate } from './gate';
import type { VariableStore } from './variable-store';

export interface CgcLevelArgs {
  experts_per_task: number;
  shared_experts: number;
  expert_units: number[];
  activation: Activation;
}

export interface CgcLevel {
  readonly units: number;
  /** task k's gated output [batch, units] per task; the shared gate's output, or null at the last level */
  apply(
    taskInputs: tf.Tensor2D[],
    sharedInput: tf.Tensor2D,
    sink: GateWeights[] | undefined,
  ): { tasks: tf.Tensor2D[]; shared: tf.Tensor2D | null };
}

/**
 * One Customized Gate Control level (Tang et al. 2020, Eq. 2–6). Task k's
 * experts read task k's input, shared experts the shared input. Task k's gate
 * `level_<j>_gate_<task>` reads task k's input and mixes exactly
 * [E_k,1..E_k,m_k, E_s,1..E_s,m_s] (Eq. 5). With `sharedGate` (PLE, below the
 * last level) a gate `level_<j>_gate_shared` reads the shared input and mixes
 * every expert of the level. When all inputs are the same tensor (level 0:
 * the embedding x) every expert is one fused matmul `level_<j>_experts`,
 * which the gates mix in one go (ExpertBank.mix).
 */
export function cgcLevel(
  store: VariableStore,
  level: number,
  tasks: TaskHead[],
  inDim: number,
  a: CgcLevelArgs,
  options: { sharedGate: boolean; sameInput: boolean },
): CgcLevel {
  if (tasks.some((t) => t.name === 'shared')) {
    throw new Error('a task named "shared" clashes with the shared experts and gate of cgc/ple; rename the task');
  }
  const groups = [
    ...tasks.map((t) => ({ prefix: t.name, count: a.experts_per_task })),
    { prefix: 'shared', count: a.shared_experts },
  ];
  const name = `level_${level}_experts`;
  // sameInput: one bank of every expert; otherwise one bank per task plus the shared one
  const banks: ExpertBank[] = options.sameInput
    ? [expertBank(store, name, inDim, groups, a.expert_units, a.activation)]
    : groups.map((g) => expertBank(store, `${name}_${g.prefix}`, inDim, [g], a.expert_units, a.activation));
  const names = banks.flatMap((b) => b.names); // per group
  const K = tasks.length;
  const taskGates: Gate[] = tasks.map((t, k) =>
    gate(store, `level_${level}_gate_${t.name}`, inDim, [...names[k], ...names[K]]),
  );
  const sharedGate = options.sharedGate ? gate(store, `level_${level}_gate_shared`, inDim, names.flat()) : null;
  // sameInput: flat indices of task k's experts and the shared ones in the one bank, and every gate mixes from it
  const first = names.map((_, g) => names.slice(0, g).flat().length);
  const indices = (g: number) => names[g].map((_, i) => first[g] + i);
  const mixBank = (taskInputs: tf.Tensor2D[], sharedInput: tf.Tensor2D, sink: GateWeights[] | undefined) => {
    const weigh = (g: Gate, name: string, x: tf.Tensor2D) => () => {
      const w = g.weights(x);
      recordGate(sink, level, name, g, w);
      return w;
    };
    const mixed = banks[0].mix(sharedInput, [
      ...taskGates.map((g, k) => ({ weights: weigh(g, tasks[k].name, taskInputs[k]), experts: [...indices(k), ...indices(K)] })),
      ...(sharedGate ? [{ weights: weigh(sharedGate, 'shared', sharedInput), experts: names.flatMap((_, g) => indices(g)) }] : []),
    ]);
    return { tasks: mixed.slice(0, K), shared: sharedGate ? mixed[K] : null };
  };
  return {
    units: banks[0].units,
    apply(taskInputs, sharedInput, sink) {
      if (options.sameInput) return mixBank(taskInputs, sharedInput, sink);
      const experts = banks.map((b, g) => b.apply(g < K ? taskInputs[g] : sharedInput)[0]); // groups × experts × [batch, units]
      const outs = taskGates.map((g, k) => {
        const w = g.weights(taskInputs[k]); // [batch, m_k + m_s]
        recordGate(sink, level, tasks[k].name, g, w);
        return g.mix(w, [...experts[k], ...experts[K]]); // [batch, units]
      });
      let shared: tf.Tensor2D | null = null;
      if (sharedGate) {
        const w = sharedGate.weights(sharedInput); // [batch, all experts]
        recordGate(sink, level, 'shared', sharedGate, w);
        shared = sharedGate.mix(w, experts.flat());
      }
      return { tasks: outs, shared };
    },
  };
}
