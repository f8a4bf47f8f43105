import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { atLeast, smokeTower, towerArgs, widths } from './args';
import { dense } from './blocks/dense';
import { embeddingInput } from './blocks/embedding-input';
import { mlp } from './blocks/mlp';
import { towers } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { addFlops } from './flops';
import { makeModel } from './model';
import type { ArchSpec, TaskHead } from './types';

const args = z
  .object({
    /** widths of each task's tower over the shared embedding, whose output q_t the transfer attends over */
    bottom: widths(1).default([256, 128]),
    /** weight α of the behavioural expectation calibrator, α·mean(max(ŷ_t − ŷ_{t−1}, 0)); 0 turns it off (a value to tune) */
    calibrator: atLeast(0).default(0.6),
    ...towerArgs,
  })
  .strict();

export type AitmArgs = z.output<typeof args>;

/** The calibrator applies between consecutive binary tasks over the same rows: not to a task conditional on the one before. */
function calibrated(tasks: readonly TaskHead[], t: number): boolean {
  return t > 0 && tasks[t].type === 'binary' && tasks[t - 1].type === 'binary' && tasks[t].conditionalOn === undefined;
}

/**
 * Adaptive Information Transfer Multi-task (Xi et al., "Modeling the
 * Sequential Dependence among Audience Multi-step Conversions with
 * Multi-task Learning in Targeted Display Advertising", KDD 2021): tasks in
 * their config order are the steps of a funnel (impression → click →
 * conversion). Each task's tower over the shared embedding gives q_t; from
 * the second task on, the AIT module attends over q_t and p_{t−1}, what the
 * task before passes on (`transfer_<task>`, one ReLU layer on its z):
 * z_t = Σ_u w_u h3(u), w = softmax_u(⟨h1(u), h2(u)⟩/√d) over u ∈ {p_{t−1}, q_t},
 * h1..h3 linear (`ait_<task>/h1..h3`); z_1 = q_1. The heads read z_t.
 * The calibrator, α·mean over the batch of max(ŷ_t − ŷ_{t−1}, 0) on the
 * probabilities, keeps a later step's probability under the earlier's;
 * reading taken: it applies only between consecutive binary tasks over the
 * same rows (a task declared conditional on the one before predicts a
 * conditional probability, which may exceed its parent's). The attention
 * weights are recorded as the task's gate over [from the task before, own].
 */
export const aitm: ArchSpec<AitmArgs> = {
  description: 'funnel tasks in config order; each attends over its own tower and what the task before transfers (Xi et al. 2021)',
  args,
  smoke: { bottom: [8, 6], ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('aitm', ctx.seed);
    const input = embeddingInput(store, ctx.input);
    const d = a.bottom[a.bottom.length - 1];
    const bottoms = ctx.tasks.map((t) => mlp(store, `bottom_${t.name}`, input.dim, a.bottom, a.activation));
    const transfers = ctx.tasks.slice(0, -1).map((t) => dense(store, `transfer_${t.name}`, d, d, 'relu'));
    const ait = ctx.tasks.map((t) => ['h1', 'h2', 'h3'].map((h) => dense(store, `ait_${t.name}/${h}`, d, d, 'linear')));
    const heads = towers(store, ctx.tasks, ctx.tasks.map(() => d), a.tower, a.activation);
    return makeModel('aitm', store, (batch, sink) => {
      const x = input.apply(batch); // [batch, in]
      const zs: tf.Tensor2D[] = [];
      ctx.tasks.forEach((task, t) => {
        const q = bottoms[t].apply(x); // [batch, d]
        if (t === 0) return void zs.push(q);
        const p = transfers[t - 1].apply(zs[t - 1]); // [batch, d]
        const [h1, h2, h3] = ait[t];
        const score = (u: tf.Tensor2D) => tf.div(tf.sum(tf.mul(h1.apply(u), h2.apply(u)), 1, true), Math.sqrt(d)); // [batch, 1]
        const w = tf.softmax(tf.concat([score(p), score(q)], 1)) as tf.Tensor2D; // [batch, 2]
        sink?.push({ level: 0, gate: task.name, experts: [`from_${ctx.tasks[t - 1].name}`, 'own'], weights: w });
        const [wp, wq] = tf.split(w, 2, 1);
        addFlops(2 * 2 * x.shape[0] * d * 2); // the two dot products and the mixture
        zs.push(tf.add(tf.mul(wp, h3.apply(p)), tf.mul(wq, h3.apply(q))) as tf.Tensor2D);
      });
      const outputs = heads.map((h, t) => h.apply(zs[t]));
      const terms = ctx.tasks.flatMap((_, t) =>
        calibrated(ctx.tasks, t) ? [tf.mean(tf.relu(tf.sub(tf.sigmoid(outputs[t]), tf.sigmoid(outputs[t - 1])))) as tf.Scalar] : [],
      );
      const penalty = a.calibrator === 0 || terms.length === 0 ? null : (tf.mul(tf.addN(terms), a.calibrator) as tf.Scalar);
      return { outputs, penalty };
    });
  },
};
