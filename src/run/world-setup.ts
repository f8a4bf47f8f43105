import * as path from 'node:path';
import type { ConfigPaths } from '../config/paths';
import type { Config, ModelConfig } from '../config/types';
import { worldConfig, worldKey, worldSeeds } from '../config/worlds';
import { UserError } from '../errors';
import { writeJsonAtomic } from '../fs/atomic';
import { FILES } from '../results/layout';
import { writePreprocessing } from '../results/preprocessing-file';
import type { JobProvenance } from '../results/provenance';
import { writeTestSet } from '../results/test-outputs';
import type { JobKeeps } from '../results/job-files';
import { inputSpec, taskHeads } from '../train/build-context';
import { keepsTestOutputs } from '../train/trainer';
import { capacityWarning } from './capacity';
import type { FinishedEntry, Point } from './job-scan';
import { jobProvenance } from './job-provenance';
import { packageVersions } from './manifest';
import { prepareData, type PreparedData } from './prepare-data';
import { resumeRefusal } from './resume-check';
import type { RunReporter } from './types';

/** A world of a point, ready to train in: its data prepared, its files in the run written. */
export interface WorldSetup {
  /** the world's key in the layout (undefined without data seeds) */
  key: number | undefined;
  prepared: PreparedData;
  tasks: string[];
  /** what a job of `model` trained now records as its provenance */
  provenance(model: Pick<ModelConfig, 'arch' | 'args'>): JobProvenance;
  /** what a job of `model` keeps besides its metrics (test outputs, predictions, its trained model), and their rows */
  keeps(model: ModelConfig): JobKeeps;
}

/**
 * Prepares one world of a point — loads, splits, fits and packs its data —
 * then refuses to resume when a finished job of it was trained on something
 * else (`resumeRefusal`), and only then writes the point's config.json, the
 * world's test set and its preprocessing. The first world of a point warns
 * when its models' sizes differ too much.
 */
export async function setUpWorld(args: {
  point: Point;
  world: number;
  done: readonly FinishedEntry[];
  runDir: string;
  paths: ConfigPaths;
  backend: string;
  shared: boolean;
  cacheDir: string;
  reporter: RunReporter;
}): Promise<WorldSetup> {
  const { point, world, reporter } = args;
  const key = worldKey(point.config, world);
  const wconfig: Config = worldConfig(point.config, world);
  const prepared = await prepareData(wconfig, args.paths, args.shared, reporter, args.cacheDir);
  if (world === worldSeeds(point.config)[0]) {
    const warning = capacityWarning(prepared.config);
    if (warning) reporter.info(`warning: ${warning}`);
  }
  const provenance = (model: Pick<ModelConfig, 'arch' | 'args'>) => jobProvenance({ backend: args.backend, dataSha256: prepared.sha256, config: wconfig, model });
  const refusal = resumeRefusal(path.relative(args.paths.cwd, args.runDir), args.done.map((f) => ({ ...f, expected: provenance(f.model) })));
  if (refusal) throw new UserError(refusal);
  await writeJsonAtomic(path.join(point.dir, FILES.config), point.config);
  const tasks = point.config.tasks.map((t) => t.name);
  const keep = keepsTestOutputs(point.config);
  if (keep) await writeTestSet(point.dir, key, prepared.testRows, prepared.split.test, tasks);
  await writePreprocessing(point.dir, key, prepared.preprocessing);
  const { training } = point.config;
  const saved = { input: inputSpec(prepared.config), heads: taskHeads(prepared.config), features: point.config.features, tasks: point.config.tasks, batch_size: training.batch_size, preprocessing: prepared.preprocessing };
  const keeps = (model: ModelConfig): JobKeeps => ({
    tasks: point.config.tasks.map((t) => ({ name: t.name, type: t.type })),
    ...(keep ? { test: { ids: prepared.testRows, data: prepared.split.test } } : {}),
    ...(training.save_predictions ? { validation: { ids: prepared.validationRows, data: prepared.split.validation } } : {}),
    ...(training.save_models ? { model: { ...saved, model } } : {}),
    pleVersion: packageVersions().ple,
  });
  return { key, prepared, tasks, provenance, keeps };
}
