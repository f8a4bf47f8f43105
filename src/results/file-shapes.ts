import { z } from 'zod';
import { configSchema } from '../config/schema';
import { weightingSchema } from '../config/weighting-schema';
import { provenanceShape } from './provenance';

/**
 * The shapes of the files of a run, as ple writes them, checked on every
 * read so that a damaged or hand-edited file is named with what is wrong
 * instead of failing later inside the study code. Only what readers use is
 * required; other keys pass. JSON stores NaN as null, hence the nullable metrics.
 */

const maybeNumber = z.number().nullable().optional();
const taskMetrics = z.object({ n: z.number(), auc: maybeNumber, logloss: maybeNumber, mse: maybeNumber }).passthrough();

/** `jobs/<model>/<args>/seed-<n>/metrics.json`: the job's result without history, gates or predictions. */
export const jobShape = z
  .object({
    model: z.string(),
    arch: z.string(),
    seed: z.number().int(),
    status: z.enum(['ok', 'failed']),
    failure: z.object({ epoch: z.number(), step: z.number(), message: z.string() }).passthrough().optional(),
    metrics: z.record(z.string(), taskMetrics),
    best_epoch: z.number(),
    parameters: z.number(),
    flops_per_sample: z.number().optional(),
    data_seed: z.number().int().optional(),
    wall_s: z.number(),
    train_samples_per_s: z.number().nullable(),
    provenance: provenanceShape.optional(),
  })
  .passthrough();

/** One line of `history.jsonl`. */
export const epochShape = z
  .object({
    epoch: z.number().int(),
    weights: z.record(z.string(), z.number().nullable()),
    train_loss: z.record(z.string(), z.number().nullable()),
    total_loss: z.number().nullable(),
    validation: z.record(z.string(), taskMetrics).optional(),
    validation_loss: maybeNumber,
  })
  .passthrough();

/** `gates.json` */
export const gatesShape = z.array(z.object({ level: z.number(), gate: z.string(), experts: z.array(z.string()), mean: z.array(z.number().nullable()) }).passthrough());

const samples = z.record(z.string(), z.number());

/** `manifest.json` */
export const manifestShape = z
  .object({
    run_id: z.string(),
    config_name: z.string(),
    config_file: z.string(),
    versions: z.record(z.string(), z.string()),
    backend: z.string(),
    node: z.string(),
    cpu: z.object({ model: z.string(), cores: z.number() }).passthrough(),
    data: z.object({ path: z.string(), sha256: z.string(), rows: z.number(), metadata: z.record(z.string(), z.string()) }).passthrough(),
    seeds: z.array(z.number()),
    samples: z.object({ train: samples, validation: samples, test: samples }).optional(),
    point_samples: z.record(z.string(), z.object({ train: samples, validation: samples, test: samples })).optional(),
    sweep_points: z.array(z.object({ key: z.string(), overrides: z.record(z.string(), z.unknown()) }).passthrough()).optional(),
    started_at: z.string(),
    finished_at: z.string().optional(),
    wall_s: z.number().optional(),
    parallel_jobs: z.number(),
    job_provenance: z.array(z.object({ provenance: provenanceShape, jobs: z.array(z.string()) })).optional(),
    job_layout: z.literal('model-args').optional(),
    shards: z.array(z.object({ shard: z.string(), host: z.string(), started_at: z.string() }).strict()).optional(),
  })
  .passthrough();

/** `config.json`: the resolved config, every model with its parsed arguments. */
export const storedConfigShape = configSchema
  .omit({ model_defaults: true, models: true })
  .extend({ models: z.array(z.object({ name: z.string(), arch: z.string(), args: z.record(z.string(), z.unknown()), weighting: weightingSchema.optional() }).strict()).min(1) });
