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
import { keepsTestOutputs } from '../train/trainer';
import { capacityWarning } from './capacity';
import type { FinishedEntry, Point } from './job-scan';
import { jobProvenance } from './job-provenance';
import { prepareData, type PreparedData } from './prepare-data';
import { resumeRefusal } from './resume-check';
import type { RunReporter } from './types';

/** A world of a point, ready to train in: its data prepared, its files in the run written. */
export interface WorldSetup {
  /** the world's key in the layout (undefined without data seeds) */
  key: number | undefined;
  prepared: PreparedData;
  tasks: string[];
  /** the job keeps its test outputs (`keepsTestOutputs`) */
  keep: boolean;
  /** what a job of `model` trained now records as its provenance */
  provenance(model: Pick<ModelConfig, 'arch' | 'args'>): JobProvenance;
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
  return { key, prepared, tasks, keep, provenance };
}
