import * as path from 'node:path';
import type { Config } from '../config/types';
import { worldKey, worldSeeds } from '../config/worlds';
import { JOB_LAYOUT, jobDir, modelFolder, pointDir } from '../results/layout';
import { jobLabel } from './job-scan';

/** One job of a study's plan. */
export interface PlannedJob {
  /** 0-based position in the plan: what `--shard I/N` selects on */
  index: number;
  /** the sweep point's key ('' without a sweep) */
  point: string;
  model: string;
  seed: number;
  /** the world, with data seeds; absent otherwise */
  data_seed?: number;
  /** `model/seed-N` as messages and the manifest name it */
  label: string;
  /** the job's folder, relative to the run directory */
  path: string;
}

/**
 * The jobs a command asks for, in a fixed order: sweep points as the sweep
 * expands, then worlds, then models as the config lists them, then seeds.
 * It depends on the config and the flags alone, never on what a run holds,
 * so every shard of an array computes the same list and `--shard I/N`
 * (jobs whose index ≡ I mod N) splits it without talking to the others.
 */
export function planJobs(points: readonly { key: string; request: Config }[], sweeping: boolean): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  for (const { key, request } of points) {
    const dir = sweeping ? pointDir('', key) : '';
    for (const world of worldSeeds(request)) {
      const dataSeed = worldKey(request, world);
      for (const model of request.models) {
        for (const seed of request.training.seeds) {
          jobs.push({
            index: jobs.length,
            point: key,
            model: model.name,
            seed,
            ...(dataSeed === undefined ? {} : { data_seed: dataSeed }),
            label: jobLabel(key, model.name, seed, dataSeed),
            path: path.normalize(jobDir(dir, modelFolder(model, JOB_LAYOUT), seed, dataSeed)),
          });
        }
      }
    }
  }
  return jobs;
}

/** Which of a plan's jobs one process runs: all of them, or one shard's. */
export interface Shard {
  /** 0-based */
  index: number;
  count: number;
}

/** Whether a planned job (by its index) belongs to the shard. */
export function inShard(index: number, shard: Shard | undefined): boolean {
  return shard === undefined || index % shard.count === shard.index;
}
