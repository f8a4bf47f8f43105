import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { UserError } from '../errors';
import type { Config } from '../config/types';
import { worldKey, worldSeeds } from '../config/worlds';
import { manifestShape, storedConfigShape } from './file-shapes';
import { readJob } from './job-files';
import { FILES, modelFolder, pointDir } from './layout';
import { readJsonFile } from './read-json';
import { readPredictions, readTestSet } from './test-outputs';
import type { Manifest, RunData, TestSet } from './types';
import { exists } from '../fs/exists';

export function newRunId(hash: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${hash}`;
}

/**
 * A new run's directory under `configDir` that no run holds yet: the id of
 * `newRunId`, or, when a run of the same config started in the same second
 * (`--fresh` twice in a row), that stamp with `.002`, `.003`, … before the
 * hash, which sorts after it, so `findRun` still finds the newest.
 */
export async function freshRunDir(configDir: string, hash: string, now = new Date()): Promise<string> {
  const id = newRunId(hash, now);
  const stamp = id.slice(0, -hash.length - 1);
  for (let n = 1; ; n++) {
    const dir = path.join(configDir, n === 1 ? id : `${stamp}.${String(n).padStart(3, '0')}-${hash}`);
    if (!(await exists(dir))) return dir;
  }
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** The newest run of this config (same hash) under `configDir`, finished or not. */
export async function findRun(configDir: string, hash: string): Promise<{ dir: string; finished: boolean } | undefined> {
  const ids = (await listDirs(configDir)).filter((id) => id.endsWith(`-${hash}`)).sort();
  const id = ids.at(-1);
  if (!id) return undefined;
  const dir = path.join(configDir, id);
  return { dir, finished: await exists(path.join(dir, FILES.summary)) };
}

const DAMAGED_RUN = 'the run directory is damaged: `ple run --fresh` on its config starts a new run (this one stays as it is)';

/** A run's manifest, checked. */
export async function readManifest(dir: string): Promise<Manifest> {
  return (await readJsonFile(path.join(dir, FILES.manifest), manifestShape, DAMAGED_RUN)) as Manifest;
}

export interface ReadOptions {
  /** also read each world's test set and each job's test outputs (for the test-set bootstrap) */
  testOutputs?: boolean;
}

/** One run (or one sweep point's sub-study, when `config` lives in a point directory) with every completed job. */
export async function readRun(dir: string, manifest?: Manifest, options: ReadOptions = {}): Promise<RunData> {
  const config = (await readJsonFile(path.join(dir, FILES.config), storedConfigShape, DAMAGED_RUN)) as Config;
  const man = manifest ?? (await readManifest(dir));
  const tasks = config.tasks.map((t) => t.name);
  const jobs = [];
  const testSets = new Map<number, TestSet>();
  for (const world of worldSeeds(config)) {
    const key = worldKey(config, world);
    const test = options.testOutputs ? readTestSet(dir, key, tasks) : undefined;
    if (test) testSets.set(world, test);
    for (const model of config.models) {
      const folder = modelFolder(model, man.job_layout);
      for (const seed of config.training.seeds) {
        const job = await readJob(dir, folder, model.name, seed, key);
        if (!job) continue;
        const outputs = test && job.status === 'ok' ? readPredictions(dir, folder, seed, key, tasks, test.ids) : undefined;
        jobs.push(outputs ? { ...job, test_outputs: outputs } : job);
      }
    }
  }
  return { dir, config, manifest: man, jobs, ...(options.testOutputs ? { test_sets: testSets } : {}) };
}

/** A run's sub-studies: one per sweep point, or the run itself when it has no sweep. */
export async function readStudy(dir: string, options: ReadOptions = {}): Promise<{ key: string; overrides: Record<string, unknown>; run: RunData }[]> {
  const manifest = await readManifest(dir);
  if (!manifest.sweep_points) return [{ key: '', overrides: {}, run: await readRun(dir, manifest, options) }];
  const points = [];
  for (const point of manifest.sweep_points) {
    const sub = pointDir(dir, point.key);
    if (await exists(path.join(sub, FILES.config))) points.push({ ...point, run: await readRun(sub, manifest, options) });
  }
  return points;
}

/**
 * Finds a run from what the user typed: a run directory, a config's folder
 * or a config name (its newest run), or nothing (the newest run of any config).
 */
export async function resolveRunDir(arg: string | undefined, resultsDir: string, cwd: string): Promise<string> {
  const asPath = arg ? path.resolve(cwd, arg) : undefined;
  if (asPath && (await exists(path.join(asPath, FILES.manifest)))) return asPath;
  // a run directory that lost its manifest: name the missing file rather than look for runs inside it
  if (asPath && ((await exists(path.join(asPath, FILES.config))) || (await exists(path.join(asPath, 'jobs'))))) await readManifest(asPath);
  // a config's folder (results/<config>), a config name, or every config
  const configDirs = asPath && (await listDirs(asPath)).length > 0 ? [asPath] : (arg ? [arg] : await listDirs(resultsDir)).map((n) => path.join(resultsDir, n));
  let best: { dir: string; id: string } | undefined;
  for (const configDir of configDirs) {
    for (const id of await listDirs(configDir)) {
      const dir = path.join(configDir, id);
      if (!(await exists(path.join(dir, FILES.manifest)))) continue;
      if (!best || id.slice(0, 15) > best.id.slice(0, 15)) best = { dir, id };
    }
  }
  if (!best) {
    throw new UserError(arg ? `no run found for "${arg}" (looked for a run directory, or a config name under ${resultsDir})` : `no runs under ${resultsDir} yet: start one with "ple run <config>"`);
  }
  return best.dir;
}
