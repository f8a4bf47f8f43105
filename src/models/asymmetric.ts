import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { smokeTower, towerArgs, widths } from './args';
import { embeddingInput } from './blocks/embedding-input';
import { parallelMlps } from './blocks/mlp';
import { towers } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { makeModel } from './model';
import type { ArchSpec, TaskHead } from './types';

const edge = z
  .object({
    /** task whose bottom output is sent */
    from: z.string().min(1),
    /** task whose tower receives it */
    to: z.string().min(1),
  })
  .strict();

const args = z
  .object({
    /** widths of each task's bottom MLP */
    bottom: widths(1).default([256]),
    /** directed edges; default: every other task's bottom feeds the first task's tower (VCR → VTR for [vtr, vcr]) */
    edges: z.array(edge).optional(),
    /** how a tower combines its own bottom with the received ones */
    fusion: z.enum(['concat', 'sum', 'mean']).default('concat'),
    ...towerArgs,
  })
  .strict()
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    (a.edges ?? []).forEach((e, i) => {
      if (e.from === e.to) {
        ctx.addIssue({ code: 'custom', path: ['edges', i], message: `a task cannot feed its own tower, got ${e.from} -> ${e.to}` });
      }
      const key = `${e.from}->${e.to}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['edges', i], message: `duplicate edge ${key}` });
      seen.add(key);
    });
  });

export type AsymmetricArgs = z.output<typeof args>;

/** The source tasks of each task's tower, checked against the run's tasks. */
export function resolveEdges(a: AsymmetricArgs, tasks: TaskHead[]): number[][] {
  const names = tasks.map((t) => t.name);
  const edges = a.edges ?? names.slice(1).map((from) => ({ from, to: names[0] }));
  const sources: number[][] = names.map(() => []);
  edges.forEach((e, i) => {
    for (const field of ['from', 'to'] as const) {
      if (!names.includes(e[field])) {
        throw new Error(`asymmetric: edges[${i}].${field}: unknown task "${e[field]}" (tasks: ${names.join(', ')})`);
      }
    }
    if (e.from === e.to) throw new Error(`asymmetric: edges[${i}]: a task cannot feed its own tower (${e.from})`);
    sources[names.indexOf(e.to)].push(names.indexOf(e.from));
  });
  return sources;
}

/**
 * Asymmetric sharing (Tang et al. 2020, Fig. 1): one bottom per task; along
 * each directed edge from→to, the tower of `to` also reads the bottom output of
 * `from` (concat, sum or mean with its own). Edges are one-way: the `from`
 * tower never sees the `to` bottom. Bottoms' first layers are one fused matmul.
 */
export const asymmetric: ArchSpec<AsymmetricArgs> = {
  description: "one bottom per task; a task's tower also reads other bottoms along directed edges (Fig. 1)",
  args,
  smoke: { bottom: [8], ...smokeTower },
  build(a, ctx) {
    const sources = resolveEdges(a, ctx.tasks);
    const store = VariableStore.create('asymmetric', ctx.seed, a.dropout);
    const input = embeddingInput(store, ctx.input);
    const members = ctx.tasks.map((t) => ({ name: t.name, widths: a.bottom }));
    const bottoms = parallelMlps(store, 'bottoms', input.dim, members, a.activation);
    const width = bottoms.units[0];
    const inDims = sources.map((s) => (a.fusion === 'concat' ? width * (1 + s.length) : width));
    const heads = towers(store, ctx.tasks, inDims, a.tower, a.activation);
    return makeModel('asymmetric', store, (batch) => {
      const h = bottoms.apply(input.apply(batch)); // tasks × [batch, width]
      return heads.map((t, k) => {
        const parts = [h[k], ...sources[k].map((j) => h[j])];
        if (parts.length === 1) return t.apply(h[k]);
        if (a.fusion === 'concat') return t.apply(tf.concat(parts, 1));
        const sum = tf.addN(parts) as tf.Tensor2D;
        return t.apply(a.fusion === 'sum' ? sum : tf.div(sum, parts.length));
      });
    });
  },
};
