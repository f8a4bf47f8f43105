import { z } from 'zod';
import { weightingSchema } from './weighting-schema';
import { featuresSchema, numericFeatureSchema } from './schema-features';
import { splitSchema } from './schema-split';

export { featuresSchema, numericFeatureSchema, splitSchema };

/**
 * The study config, as users write it in YAML. Every object is strict (an
 * unknown key is an error) and every optional field has its default here, so
 * the parsed value is the resolved config saved beside the results.
 * Cross-field rules (days inside the data, labels that exist, unique names,
 * model arguments) live in `validate.ts`.
 */

const positiveInt = z.number().int().min(1);

export const videoParamsSchema = z
  .object({
    /** number of simulated users */
    users: positiveInt.default(2000),
    /** number of videos alive on day 1 */
    videos: positiveInt.default(800),
    /** new videos published each later day */
    new_videos_per_day: z.number().int().min(0).default(60),
    /** impressions logged per day */
    impressions_per_day: positiveInt.default(20000),
    /** days in the log (the last ones are usually the test days) */
    days: positiveInt.default(8),
    /** latent dimension of user and video tastes */
    latent_dim: positiveInt.default(8),
    /** share of impressions on WiFi */
    wifi_rate: z.number().min(0).max(1).default(0.6),
    /** probability that a WiFi impression autoplays */
    autoplay_rate: z.number().min(0).max(1).default(0.5),
    /** how strongly autoplay inflates watch time without interest (0 = not at all) */
    autoplay_inflation: z.number().min(0).default(1),
    /** how strongly video length pulls VTR and VCR apart (0 = no conflict) */
    length_conflict: z.number().min(0).default(1),
    /** seconds a view must last to count for VTR */
    vtr_threshold_s: z.number().positive().default(10),
    /** day-to-day drift of video popularity (std of a log-normal step) */
    popularity_drift: z.number().min(0).default(0.15),
    /** noise in watch time (std of a log-normal factor) */
    watch_noise: z.number().min(0).default(0.5),
  })
  .strict();

export const syntheticParamsSchema = z
  .object({
    /** Pearson correlation p between the tasks' weight vectors (cosine) */
    correlation: z.number().min(-1).max(1).default(0.5),
    /** total rows, spread evenly over `days` */
    samples: positiveInt.default(80000),
    /** input dimension d */
    dim: positiveInt.default(512),
    /** number of sinusoidal terms m */
    sinusoids: z.number().int().min(0).default(10),
    /** scale c of the weight vectors */
    scale: z.number().positive().default(1),
    /** days the rows are spread over (for the same train/test split) */
    days: positiveInt.default(8),
  })
  .strict();

export const fileParamsSchema = z
  .object({
    /** file format; inferred from the extension when omitted */
    format: z.enum(['csv', 'arrow', 'parquet']).optional(),
    /** name of the day column (read when the split is by day) */
    day_column: z.string().min(1).default('day'),
  })
  .strict();

export const dataSchema = z
  .object({
    source: z.enum(['video', 'synthetic', 'file']),
    /** Arrow file written by a generator, or the user's file; a relative path resolves against the config file's folder */
    path: z.string().min(1),
    /** seed of the generator (the world); model seeds are in training.seeds */
    seed: z.number().int().default(1),
    video: videoParamsSchema.optional(),
    synthetic: syntheticParamsSchema.optional(),
    file: fileParamsSchema.optional(),
  })
  .strict();

export const taskSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a lower-case identifier'),
    type: z.enum(['binary', 'regression']),
    /** label column */
    label: z.string().min(1),
    /** optional mask column (δ): rows where it is 0 do not belong to the task */
    mask: z.string().min(1).optional(),
    /** initial loss weight ω₀ */
    weight: z.number().min(0).default(1),
    /** per-epoch decay γ: ω(t) = ω₀ γ^t */
    gamma: z.number().positive().default(1),
    /** regression only: squash the output with a sigmoid (targets in [0, 1]) */
    sigmoid_output: z.boolean().default(false),
    /**
     * a binary task defined on the positives of an earlier binary task (conversion given click; its mask is
     * that task's positives): ESMM trains it through the product of both probabilities over the earlier task's rows
     */
    conditional_on: z.string().min(1).optional(),
  })
  .strict();

export const earlyStoppingSchema = z
  .object({
    /** epochs without improvement of the validation loss before stopping */
    patience: z.number().int().min(0).default(1),
    /** restore the weights of the best validation epoch */
    restore_best: z.boolean().default(true),
  })
  .strict();

export const trainingSchema = z
  .object({
    epochs: positiveInt.default(2),
    batch_size: positiveInt.default(1024),
    optimizer: z.enum(['adam', 'sgd', 'adagrad']).default('adam'),
    learning_rate: z.number().positive().default(0.001),
    /** constant, or linear: from learning_rate at the first step down to ~0 at the last of `epochs` */
    learning_rate_decay: z.enum(['constant', 'linear']).default('constant'),
    /** model seeds: one job per model and seed */
    seeds: z.array(z.number().int()).min(1).default([1, 2, 3]),
    /**
     * generated sources only: one simulated world per seed (data.seed is then
     * not used), each model × seed trained in every world; gains are paired
     * within (world, seed) and the intervals cover world-to-world noise
     */
    data_seeds: z.array(z.number().int()).min(1).optional(),
    /** needs split.validation */
    early_stopping: earlyStoppingSchema.optional(),
    /** loss or gradient balancing: fixed (ω₀ γ^t, the paper's), uncertainty, dwa, gradnorm or pcgrad */
    weighting: weightingSchema.default({ method: 'fixed' }),
    /** keep each job's predictions (`predictions.arrow`: test and validation rows, with labels, masks and probabilities) */
    save_predictions: z.boolean().default(false),
    /** keep each job's trained weights (`model/`: tfjs weights manifest + binary, with the run's vocabularies and statistics), for `ple predict` */
    save_models: z.boolean().default(false),
  })
  .strict();

/**
 * How gains become verdicts (README, "The statistics"). Not part of a run's
 * identity: changing it re-reads the same jobs, it retrains nothing.
 */
export const studySchema = z
  .object({
    /** correction over the family of every non-baseline model × task (of a run, or of one sweep point) */
    correction: z.enum(['holm', 'bh', 'none']).default('holm'),
    /** a gain is firm when its adjusted p is below alpha; intervals are (1 − alpha) two-sided */
    alpha: z.number().gt(0).lt(0.5).default(0.05),
    /** what the intervals cover: model seeds only, or model seeds and the test set's sampling (a paired bootstrap over test rows) */
    interval: z.enum(['seeds', 'seeds+test']).default('seeds+test'),
    /** bootstrap resamples of the test rows */
    resamples: z.number().int().min(100).max(100000).default(1000),
    /** seed of the bootstrap's draws */
    seed: z.number().int().default(1),
  })
  .strict();

/** Model entries: name and arch here; the rest are the architecture's own arguments, checked by its spec. */
export const modelEntrySchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected letters, digits, "_", "-" or "."'),
    arch: z.string().min(1),
  })
  .passthrough();

/** A grid over config fields: dotted path → values; every combination is one sub-study. */
export const sweepSchema = z.record(z.string().min(1), z.array(z.unknown()).min(1));

export const configSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a lower-case name usable as a folder'),
    description: z.string().optional(),
    data: dataSchema,
    split: splitSchema,
    tasks: z.array(taskSchema).min(1),
    features: featuresSchema,
    training: trainingSchema.default({}),
    study: studySchema.default({}),
    /** arguments given to every model unless the model sets them */
    model_defaults: z.record(z.string(), z.unknown()).default({}),
    models: z.array(modelEntrySchema).min(1),
    sweep: sweepSchema.optional(),
  })
  .strict();

export type RawConfig = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type VideoParams = z.output<typeof videoParamsSchema>;
export type SyntheticParams = z.output<typeof syntheticParamsSchema>;
export type FileParams = z.output<typeof fileParamsSchema>;
export type DataConfig = z.output<typeof dataSchema>;
export type SplitConfig = z.output<typeof splitSchema>;
export type TaskConfig = z.output<typeof taskSchema>;
export type FeaturesConfig = z.output<typeof featuresSchema>;
export type NumericFeature = z.output<typeof numericFeatureSchema>;
export type TrainingConfig = z.output<typeof trainingSchema>;
export type StudyConfig = z.output<typeof studySchema>;
