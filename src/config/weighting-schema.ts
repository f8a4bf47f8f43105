import { z } from 'zod';

const positive = z.number().finite().positive();

/**
 * `training.weighting` (or a model's own `weighting`): which loss or
 * gradient balancing a job trains with (src/weighting/), and its
 * hyper-parameters. Every method but `fixed` replaces the tasks' ω₀ and γ,
 * which must then be left at 1.
 */
export const weightingSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('fixed') }).strict(),
  z.object({ method: z.literal('uncertainty') }).strict(),
  /** temperature T of Dynamic Weight Average (the paper's 2) */
  z.object({ method: z.literal('dwa'), temperature: positive.default(2) }).strict(),
  /** GradNorm's asymmetry α and the step size of the weights' own update */
  z.object({ method: z.literal('gradnorm'), alpha: z.number().finite().min(0).default(1.5), learning_rate: positive.default(0.025) }).strict(),
  z.object({ method: z.literal('pcgrad') }).strict(),
]);

export type WeightingConfig = z.output<typeof weightingSchema>;
