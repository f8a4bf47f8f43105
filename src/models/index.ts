import { z } from 'zod';
import { adatt } from './adatt';
import { aitm } from './aitm';
import { asymmetric } from './asymmetric';
import { cgc } from './cgc';
import { dselectK } from './dselect-k';
import { esmm } from './esmm';
import { crossStitch } from './cross-stitch';
import { customized } from './customized';
import { hardSharing } from './hard-sharing';
import { mlMmoe } from './ml-mmoe';
import { mmoe } from './mmoe';
import { ple } from './ple';
import { singleTask } from './single-task';
import { sluice } from './sluice';
import { stem } from './stem';
import type { ArchSpec, BuildContext, MtlModel } from './types';

/** Every architecture, keyed by the name users write in configs (`arch: ple`). */
export const MODELS = {
  single_task: singleTask,
  hard_sharing: hardSharing,
  asymmetric,
  customized,
  cross_stitch: crossStitch,
  sluice,
  mmoe,
  ml_mmoe: mlMmoe,
  cgc,
  ple,
  // after the paper
  esmm,
  aitm,
  dselect_k: dselectK,
  adatt,
  stem,
} satisfies Record<string, ArchSpec>;

export type ArchName = keyof typeof MODELS;

/** The architecture every MTL gain is measured against. */
export const BASELINE_ARCH = 'single_task' satisfies ArchName;

export function isArchName(name: string): name is ArchName {
  return Object.prototype.hasOwnProperty.call(MODELS, name);
}

/** "field.path: message" for each zod issue. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
}

/** Parses an architecture's raw arguments (defaults filled) and builds the model; throws with readable messages. */
export function buildModel(arch: string, rawArgs: unknown, ctx: BuildContext): MtlModel {
  if (!isArchName(arch)) {
    throw new Error(`unknown architecture "${arch}" (expected one of ${Object.keys(MODELS).join(', ')})`);
  }
  const spec: ArchSpec = MODELS[arch];
  const parsed = spec.args.safeParse(rawArgs ?? {});
  if (!parsed.success) throw new Error(`${arch}: ${formatIssues(parsed.error).join('; ')}`);
  return spec.build(parsed.data, ctx);
}

/** The argument names an architecture accepts (to apply `model_defaults` only where they fit). */
export function argKeys(arch: ArchName): string[] {
  let schema: z.ZodTypeAny = MODELS[arch].args;
  while (schema instanceof z.ZodEffects) schema = schema.innerType();
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Number of trainable scalars. */
export function countParameters(model: MtlModel): number {
  return model.variables.reduce((n, v) => n + v.size, 0);
}

export { exportWeights, importWeights, type WeightMap } from './weights';
export { logicalName } from './blocks/variable-store';
export type * from './types';
