import type { Config } from '../config/types';
import { worldKey, worldSeeds } from '../config/worlds';
import type { JobProvenance } from '../results/provenance';
import { readFinishedJob } from './finished-job';

/** One sub-study of a run: a sweep point (key '' without a sweep), its resolved config and its folder. */
export interface Point {
  key: string;
  overrides: Record<string, unknown>;
  config: Config;
  dir: string;
}

/** A job of the run to train. */
export interface PendingJob {
  point: Point;
  world: number;
  model: Config['models'][number];
  seed: number;
}

/** A job finished by an earlier process, with what it was trained with. */
export interface FinishedEntry {
  point: Point;
  world: number;
  label: string;
  recorded?: JobProvenance;
}

/** A job's name in messages and the manifest: `model/seed-N` (`model/data-D/seed-N` with data seeds), after `point/` in a sweep. */
export function jobLabel(point: string, model: string, seed: number, world?: number): string {
  return `${point ? `${point}/` : ''}${model}/${world === undefined ? '' : `data-${world}/`}seed-${seed}`;
}

/**
 * Every job of the run's points × worlds × models × seeds, split into the
 * finished ones and those still to train (a damaged job is moved aside and
 * counts as to train, `readFinishedJob`).
 */
export async function scanJobs(points: readonly Point[], notice: (message: string) => void): Promise<{ pending: PendingJob[]; finished: FinishedEntry[] }> {
  const pending: PendingJob[] = [];
  const finished: FinishedEntry[] = [];
  for (const point of points) {
    for (const world of worldSeeds(point.config)) {
      const key = worldKey(point.config, world);
      for (const model of point.config.models) {
        for (const seed of point.config.training.seeds) {
          const done = await readFinishedJob(point.dir, model.name, seed, key, notice);
          if (!done) pending.push({ point, world, model, seed });
          else finished.push({ point, world, label: jobLabel(point.key, model.name, seed, key), recorded: done.provenance });
        }
      }
    }
  }
  return { pending, finished };
}
