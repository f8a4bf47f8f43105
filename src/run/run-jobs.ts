import * as path from 'node:path';
import type { Config } from '../config/types';
import { worldKey, worldSeeds } from '../config/worlds';
import { readJob } from '../results/job-files';
import { FILES, jobDir, modelFolder, pointDir } from '../results/layout';
import type { JobProvenance } from '../results/provenance';
import { CorruptResultError, readJsonFile } from '../results/read-json';
import { storedConfigShape } from '../results/file-shapes';
import { readManifest } from '../results/run-dir';
import type { Manifest } from '../results/types';
import { jobLabel } from './job-scan';

/** Where one job of a run stands: `ok` or `failed` (finished), `missing` (not finished), `damaged` (files that do not read). */
export type JobState = 'ok' | 'failed' | 'missing' | 'damaged';

export interface RunJob {
  point: string;
  model: string;
  seed: number;
  data_seed?: number;
  label: string;
  /** the job's folder */
  dir: string;
  state: JobState;
  provenance?: JobProvenance;
}

export interface RunContents {
  manifest: Manifest;
  /** the run's sub-studies (one, keyed '', without a sweep) and the config each holds */
  points: { key: string; dir: string; config: Config }[];
  /** every job the run's config.json files list, in plan order (points, worlds, models, seeds) */
  jobs: RunJob[];
}

const DAMAGED = 'the run directory is damaged: `ple run --fresh` on its config starts a new run (this one stays as it is)';

/** Every job a run is to hold and where each stands, read without changing anything. */
export async function runContents(runDir: string): Promise<RunContents> {
  const manifest = await readManifest(runDir);
  const keys = manifest.sweep_points?.map((p) => p.key) ?? [''];
  const points = [];
  const jobs: RunJob[] = [];
  for (const key of keys) {
    const dir = manifest.sweep_points ? pointDir(runDir, key) : runDir;
    const config = (await readJsonFile(path.join(dir, FILES.config), storedConfigShape, DAMAGED)) as Config;
    points.push({ key, dir, config });
    for (const world of worldSeeds(config)) {
      const dataSeed = worldKey(config, world);
      for (const model of config.models) {
        const folder = modelFolder(model, manifest.job_layout);
        for (const seed of config.training.seeds) {
          const { state, provenance } = await jobState(dir, folder, model.name, seed, dataSeed);
          jobs.push({ point: key, model: model.name, seed, ...(dataSeed === undefined ? {} : { data_seed: dataSeed }), label: jobLabel(key, model.name, seed, dataSeed), dir: jobDir(dir, folder, seed, dataSeed), state, ...(provenance ? { provenance } : {}) });
        }
      }
    }
  }
  return { manifest, points, jobs };
}

async function jobState(dir: string, folder: string, model: string, seed: number, world: number | undefined): Promise<{ state: JobState; provenance?: JobProvenance }> {
  try {
    const job = await readJob(dir, folder, model, seed, world);
    if (!job) return { state: 'missing' };
    return { state: job.status === 'failed' ? 'failed' : 'ok', ...(job.provenance ? { provenance: job.provenance } : {}) };
  } catch (err) {
    if (err instanceof CorruptResultError) return { state: 'damaged' };
    throw err;
  }
}
