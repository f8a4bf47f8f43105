import { z } from 'zod';
import { MODELS } from '../models';
import { configSchema, fileParamsSchema, syntheticParamsSchema, videoParamsSchema, type ParsedConfig } from './schema';
import { nonFiniteNumbers } from './finite';
import { didYouMean, formatIssue } from './format-issues';
import { checkLimits } from './limits';
import { checkSplit, duplicates } from './validate-split';
import { schemaKeysAt, unwrap } from './schema-keys';
import { type WeightingConfig, weightingSchema } from './weighting-schema';
import { applyPoint, checkSweepPaths, expandSweep } from './sweep';
import type { Config, ModelConfig } from './types';

export interface ValidationResult {
  /** present only when there are no errors */
  config?: Config;
  /** every problem at once, one line each: `dotted.path: what was expected, what was found` */
  errors: string[];
}

const ARCHS = Object.keys(MODELS);

/**
 * Checks a config as parsed from YAML and resolves it: defaults filled, each
 * model's arguments parsed by its architecture. Pure: no disk, no globals.
 */
export function validateConfig(raw: unknown): ValidationResult {
  const infinite = nonFiniteNumbers(raw);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success || infinite.length > 0) {
    const errors = parsed.success ? [] : parsed.error.issues.flatMap((issue) => formatIssue(issue, raw, (p) => schemaKeysAt(configSchema, p)));
    const said = infinite.map((line) => line.slice(0, line.indexOf(': ') + 2));
    return { errors: unique([...infinite, ...errors.filter((e) => !said.some((s) => e.startsWith(s)))]) };
  }
  const cfg = parsed.data;
  const errors = [
    ...checkData(cfg),
    ...checkSplit(cfg),
    ...checkTasks(cfg),
    ...checkFeatures(cfg),
    ...checkTraining(cfg),
    ...checkLimits(cfg),
  ];
  const { models, errors: modelErrors } = resolveModels(cfg);
  errors.push(...modelErrors);
  if (cfg.sweep) errors.push(...checkSweep(raw as Record<string, unknown>, cfg.sweep));
  if (errors.length > 0) return { errors };
  const { model_defaults: _defaults, ...rest } = cfg;
  return { config: { ...rest, models }, errors: [] };
}

/** The grid's paths exist, and every point of it is itself a valid config. */
function checkSweep(raw: Record<string, unknown>, sweep: Record<string, unknown[]>): string[] {
  const pathErrors = checkSweepPaths(raw, sweep);
  if (pathErrors.length > 0) return pathErrors;
  const errors: string[] = [];
  for (const point of expandSweep(sweep)) {
    const { errors: pointErrors } = validateConfig(applyPoint(raw, point));
    errors.push(...pointErrors.map((e) => `sweep point ${point.key}: ${e}`));
  }
  return unique(errors);
}

function unique(lines: string[]): string[] {
  return [...new Set(lines)];
}

function checkData(cfg: ParsedConfig): string[] {
  const errors: string[] = [];
  const blocks = ['video', 'synthetic', 'file'] as const;
  for (const block of blocks) {
    if (cfg.data[block] !== undefined && block !== cfg.data.source) {
      errors.push(`data.${block}: parameters for source "${block}", but data.source is "${cfg.data.source}"`);
    }
  }
  // fill the source's defaults so the resolved config shows every knob
  if (cfg.data.source === 'video') cfg.data.video = videoParamsSchema.parse(cfg.data.video ?? {});
  if (cfg.data.source === 'synthetic') cfg.data.synthetic = syntheticParamsSchema.parse(cfg.data.synthetic ?? {});
  if (cfg.data.source === 'file') cfg.data.file = fileParamsSchema.parse(cfg.data.file ?? {});
  return errors;
}

function checkTasks(cfg: ParsedConfig): string[] {
  const errors: string[] = [];
  for (const name of duplicates(cfg.tasks.map((t) => t.name))) errors.push(`tasks: the name "${name}" is used twice`);
  cfg.tasks.forEach((task, i) => {
    if (task.type === 'binary' && task.sigmoid_output) {
      errors.push(`tasks[${i}].sigmoid_output: only for regression tasks (a binary task always has a sigmoid)`);
    }
    if (task.conditional_on !== undefined) {
      const parent = cfg.tasks.findIndex((t) => t.name === task.conditional_on);
      const names = cfg.tasks.slice(0, i).map((t) => t.name);
      if (parent < 0 || parent >= i) errors.push(`tasks[${i}].conditional_on: expected the name of an earlier task (${names.join(', ') || 'none'}), got "${task.conditional_on}"`);
      else if (task.type !== 'binary' || cfg.tasks[parent].type !== 'binary') errors.push(`tasks[${i}].conditional_on: both "${task.name}" and "${task.conditional_on}" must be binary tasks (a probability given a probability)`);
    }
  });
  return errors;
}

function checkFeatures(cfg: ParsedConfig): string[] {
  const errors: string[] = [];
  const names = [...cfg.features.categorical.map((f) => f.name), ...cfg.features.numeric.map((f) => f.name)];
  if (names.length === 0) errors.push('features: expected at least one categorical or numeric feature');
  for (const name of duplicates(names)) errors.push(`features: the column "${name}" is listed twice`);
  const labels = new Set(cfg.tasks.flatMap((t) => [t.label, ...(t.mask ? [t.mask] : [])]));
  for (const name of names) {
    if (labels.has(name)) errors.push(`features: "${name}" is a label or mask column; a label must never be an input`);
    if (name === cfg.split.column) errors.push(`features: "${name}" is the split column (split.column); which part a row is in must never be an input`);
  }
  cfg.features.numeric.forEach((f, i) => {
    if (f.clip && !(f.clip[0] < f.clip[1])) errors.push(`features.numeric[${i}].clip: expected [low, high] with low < high, got [${f.clip.join(', ')}]`);
  });
  return errors;
}

/** A method other than `fixed` sets the weights itself: the tasks' ω₀ and γ must be left at 1, or they would be silently ignored. */
function weightingAgainstTasks(cfg: ParsedConfig, weighting: WeightingConfig, where: string): string[] {
  if (weighting.method === 'fixed') return [];
  const set = cfg.tasks.flatMap((t, i) => [...(t.weight !== 1 ? [`tasks[${i}].weight`] : []), ...(t.gamma !== 1 ? [`tasks[${i}].gamma`] : [])]);
  return set.length === 0 ? [] : [`${where}: ${weighting.method} sets the task weights itself; leave ${set.join(', ')} at 1 (they apply to method fixed only)`];
}

function checkTraining(cfg: ParsedConfig): string[] {
  const errors: string[] = [];
  errors.push(...weightingAgainstTasks(cfg, cfg.training.weighting, 'training.weighting.method'));
  if (cfg.training.early_stopping && !cfg.split.validation && cfg.split.column === undefined) {
    errors.push('training.early_stopping: needs a validation slice (set split.validation.fraction)');
  }
  for (const s of duplicates(cfg.training.seeds.map(String))) errors.push(`training.seeds: seed ${s} is listed twice`);
  const worlds = cfg.training.data_seeds;
  if (worlds && cfg.data.source === 'file') {
    errors.push('training.data_seeds: only for generated data (data.source video or synthetic); a file is one world');
  }
  for (const s of duplicates((worlds ?? []).map(String))) errors.push(`training.data_seeds: seed ${s} is listed twice`);
  return errors;
}

function resolveModels(cfg: ParsedConfig): { models: ModelConfig[]; errors: string[] } {
  const errors: string[] = [];
  const models: ModelConfig[] = [];
  for (const name of duplicates(cfg.models.map((m) => m.name))) errors.push(`models: the name "${name}" is used twice`);

  const argKeys = (arch: string) => schemaKeysAt(MODELS[arch as keyof typeof MODELS].args as z.ZodTypeAny, []);
  const allKeys = new Set(ARCHS.flatMap(argKeys));
  for (const key of Object.keys(cfg.model_defaults)) {
    if (!allKeys.has(key)) errors.push(`model_defaults.${key}: no architecture takes "${key}"${didYouMean(key, [...allKeys])}`);
  }

  cfg.models.forEach((entry, i) => {
    const { name, arch, weighting: ownWeighting, ...own } = entry;
    let weighting: WeightingConfig | undefined;
    if (ownWeighting !== undefined) {
      const parsed = weightingSchema.safeParse(ownWeighting);
      if (!parsed.success) {
        errors.push(...parsed.error.issues.flatMap((issue) => formatIssue(issue, ownWeighting, (p) => schemaKeysAt(weightingSchema as z.ZodTypeAny, p), ['models', i, 'weighting'])));
        return;
      }
      weighting = parsed.data;
      errors.push(...weightingAgainstTasks(cfg, weighting, `models[${i}].weighting.method`));
    }
    if (!(arch in MODELS)) {
      errors.push(`models[${i}].arch: unknown architecture "${arch}"${didYouMean(arch, ARCHS)} (expected one of ${ARCHS.join(', ')})`);
      return;
    }
    const spec = MODELS[arch as keyof typeof MODELS];
    const keys = new Set(argKeys(arch));
    const inherited = Object.fromEntries(Object.entries(cfg.model_defaults).filter(([k]) => keys.has(k)));
    const args = { ...inherited, ...own };
    const result = (spec.args as z.ZodTypeAny).safeParse(args);
    if (!result.success) {
      const prefix = ['models', i];
      const schema = unwrap(spec.args as z.ZodTypeAny);
      errors.push(...result.error.issues.flatMap((issue) => formatIssue(issue, args, (p) => schemaKeysAt(schema, p), prefix)));
      return;
    }
    models.push({ name, arch, args: result.data as Record<string, unknown>, ...(weighting ? { weighting } : {}) });
  });
  return { models, errors: unique(errors) };
}
