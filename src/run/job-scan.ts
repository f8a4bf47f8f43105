import type { Config, ModelConfig } from '../config/types';
import { worldKey, worldSeeds } from '../config/worlds';
import { JOB_LAYOUT, jobDir, modelFolder } from '../results/layout';
import { readJob } from '../results/job-files';
import { keepsAsked } from '../results/prediction-file';
import { CorruptResultError } from '../results/read-json';
import type { JobProvenance } from '../results/provenance';
import { readFinishedJob } from './finished-job';
import type { Point } from './run-points';

export type { Point };

/** A job of the run to train. */
export interface PendingJob {
  point: Point;
  world: number;
  model: ModelConfig;
  seed: number;
}

/** A job finished by an earlier process, with what it was trained with. */
export interface FinishedEntry {
  point: Point;
  world: number;
  model: ModelConfig;
  label: string;
  recorded?: JobProvenance;
}

/** A job's name in messages and the manifest: `model/seed-N` (`model/data-D/seed-N` with data seeds), after `point/` in a sweep. */
export function jobLabel(point: string, model: string, seed: number, world?: number): string {
  return `${point ? `${point}/` : ''}${model}/${world === undefined ? '' : `data-${world}/`}seed-${seed}`;
}

/** The folder of a model's jobs in a run this ple writes. */
export function folderOf(model: ModelConfig): string {
  return modelFolder(model, JOB_LAYOUT);
}

/**
 * The jobs of the run's points: every finished one among what the run will
 * hold (`point.config`: its models × seeds × worlds), and, of what this
 * command asks for (`point.request`), those still to train (a damaged job
 * is moved aside and counts as to train, `readFinishedJob`; so does one
 * without the model or predictions the config now asks jobs to keep).
 * A shard passes `mine` (its jobs, by label): only those are to train, and
 * another's damaged job is left to its shard (`claimJobs` moves it aside).
 */
export async function scanJobs(points: readonly Point[], notice: (message: string) => void, mine: (label: string) => boolean = () => true): Promise<{ pending: PendingJob[]; finished: FinishedEntry[] }> {
  const pending: PendingJob[] = [];
  const finished: FinishedEntry[] = [];
  for (const point of points) {
    const asked = requested(point.request);
    for (const world of worldSeeds(point.config)) {
      const key = worldKey(point.config, world);
      for (const model of point.config.models) {
        for (const seed of point.config.training.seeds) {
          const label = jobLabel(point.key, model.name, seed, key);
          const own = mine(label);
          const wanted = own && asked(world, model, seed);
          const done = own ? await readFinishedJob(point.dir, folderOf(model), model.name, seed, key, notice) : await finishedElsewhere(point.dir, folderOf(model), model.name, seed, key);
          // a job asked for now that lacks an output the config keeps (its model, its full predictions) is trained again: the same numbers, and the output
          const whole = done !== undefined && (!wanted || (await keepsAsked(jobDir(point.dir, folderOf(model), seed, key), point.request.training)));
          if (whole) finished.push({ point, world, model, label, recorded: done.provenance });
          else if (wanted) pending.push({ point, world, model, seed });
        }
      }
    }
  }
  return { pending, finished };
}

function requested(request: Config): (world: number, model: ModelConfig, seed: number) => boolean {
  const worlds = new Set(worldSeeds(request));
  const models = new Set(request.models.map(folderOf));
  const seeds = new Set(request.training.seeds);
  return (world, model, seed) => worlds.has(world) && models.has(folderOf(model)) && seeds.has(seed);
}

/** A job this command does not train, as it stands: a damaged one counts as unfinished and stays where it is. */
async function finishedElsewhere(...args: Parameters<typeof readJob>): Promise<Awaited<ReturnType<typeof readJob>>> {
  try {
    return await readJob(...args);
  } catch (err) {
    if (err instanceof CorruptResultError) return undefined;
    throw err;
  }
}
