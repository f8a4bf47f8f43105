import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { stopGradient } from '../ops/stop-gradient';
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
    /** experts of each task, reading that task's own embeddings */
    experts_per_task: int(1).default(1),
    /** shared experts, reading the shared embeddings */
    shared_experts: int(1).default(1),
    /** widths of each expert's layers */
    expert_units: widths(1).default([256]),
    ...towerArgs,
  })
  .strict();

export type StemArgs = z.output<typeof args>;

/**
 * Shared and Task-specific EMbeddings (Su et al., "STEM: Unleashing the
 * Power of Embeddings for Multi-task Recommendation", AAAI 2024): every task
 * has embedding tables of its own (`task_<task>/embedding_*`) besides the
 * shared ones; its experts read its own embedding, the shared experts the
 * shared one. Task t's gate mixes every expert in the forward pass, but the
 * other tasks' experts pass no gradient back from task t's loss
 * ("all forward, task-specific backward"), so each embedding is trained only
 * by its own task and the shared one by all. Reading taken: task t's gate
 * reads the concatenation of its own and the shared embedding.
 */
export const stem: ArchSpec<StemArgs> = {
  description: 'shared and per-task embeddings; gates mix all experts, gradients reach only own and shared ones (Su et al. 2024)',
  args,
  smoke: { experts_per_task: 1, shared_experts: 1, expert_units: [8], ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('stem', ctx.seed);
    const shared = embeddingInput(store, ctx.input);
    const own = ctx.tasks.map((t) => embeddingInput(store.scope(`task_${t.name}`), ctx.input));
    const taskBanks = ctx.tasks.map((t) => expertBank(store, `experts_${t.name}`, shared.dim, [{ prefix: t.name, count: a.experts_per_task }], a.expert_units, a.activation));
    const sharedBank = expertBank(store, 'experts_shared', shared.dim, [{ prefix: 'shared', count: a.shared_experts }], a.expert_units, a.activation);
    const names = [...taskBanks.map((b) => b.names[0]), sharedBank.names[0]].flat();
    const gates = ctx.tasks.map((t) => gate(store, `gate_${t.name}`, 2 * shared.dim, names));
    const heads = towers(store, ctx.tasks, ctx.tasks.map(() => sharedBank.units), a.tower, a.activation);
    return makeModel('stem', store, (batch, sink) => {
      const xs = shared.apply(batch); // [batch, in]
      const xt = own.map((e) => e.apply(batch)); // tasks × [batch, in]
      const taskExperts = taskBanks.map((b, k) => b.apply(xt[k])[0]); // tasks × experts × [batch, units]
      const sharedExperts = sharedBank.apply(xs)[0];
      return heads.map((h, k) => {
        const w = gates[k].weights(tf.concat([xt[k], xs], 1)); // [batch, all experts]
        recordGate(sink, 0, ctx.tasks[k].name, gates[k], w);
        const experts = [...taskExperts.flatMap((es, j) => (j === k ? es : es.map((e) => stopGradient(e)))), ...sharedExperts];
        return h.apply(gates[k].mix(w, experts));
      });
    });
  },
};
