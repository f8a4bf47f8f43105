import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../config/load';
import { applyPoint, expandSweep, type SweepPoint } from '../config/sweep';
import type { Config } from '../config/types';
import { validateConfig } from '../config/validate';
import { worldConfig, worldKey, worldSeeds } from '../config/worlds';
import { writeJsonAtomic } from '../fs/atomic';
import { readJob, writeJob } from '../results/job-files';
import { FILES, pointDir } from '../results/layout';
import { configHash, findRun, freshRunDir, readRun } from '../results/run-dir';
import { writeTestSet } from '../results/test-outputs';
import type { Manifest } from '../results/types';
import { capacityWarning } from '../run/capacity';
import { inProcessExecutor } from '../run/in-process';
import { runPool } from '../run/pool';
import { prepareData } from '../run/prepare-data';
import { buildManifest, withWorld, worldRecord } from '../run/manifest';
import { silentReporter, type BackendRequest, type JobExecutor, type JobRequest, type RunReporter } from '../run/types';
import { workerPoolExecutor } from '../run/worker-pool';
import { selectBackend } from '../backend';
import { jobBlasThreads } from '../ops/native-blas';
import { summarize } from '../study/summary';
import type { StudySummary } from '../study/types';
import { keepsTestOutputs } from '../train/trainer';
import { applyOverrides, type RunOverrides } from './run-overrides';

export interface RunOptions extends RunOverrides {
  config: string;
  cwd: string;
  /** results root (default `results`) */
  out?: string;
  backend?: BackendRequest;
  /** parallel jobs (default: the machine's cores) */
  jobs?: number;
  /** ignore a previous partial run of the same config */
  fresh?: boolean;
  reporter?: RunReporter;
  signal?: AbortSignal;
}

export interface RunOutcome {
  runDir: string;
  /** `complete`: every job done; `interrupted`: stopped early, re-run to resume; `already-complete`: nothing to do */
  status: 'complete' | 'interrupted' | 'already-complete';
  backend: string;
  /** one per sweep point (a single entry keyed '' without a sweep) */
  summaries: { key: string; summary: StudySummary }[];
  ran: number;
  skipped: number;
  failed: number;
  wall_s: number;
}

function resolve(raw: Record<string, unknown>, file: string): Config {
  const { config, errors } = validateConfig(raw);
  if (!config) throw new ConfigError(file, errors);
  return config;
}

interface Point extends SweepPoint {
  config: Config;
  dir: string;
}

interface Pending {
  point: Point;
  world: number;
  model: Config['models'][number];
  seed: number;
}

/**
 * `ple run`: trains every model × seed (× world × sweep point) of a config,
 * writes each finished job at once, resumes a previous partial run of the
 * same config, and summarises the gains. A finished run is re-read with the
 * config's statistics settings, which are not part of its identity.
 */
export async function run(options: RunOptions): Promise<RunOutcome> {
  const started = Date.now();
  const reporter = options.reporter ?? silentReporter;
  const signal = options.signal ?? new AbortController().signal;
  const loaded = await loadConfig(options.config, options.cwd);
  const raw = applyOverrides(loaded.raw as Record<string, unknown>, options, loaded.file);
  const config = resolve(raw, loaded.file);

  const resultsRoot = path.resolve(options.cwd, options.out ?? 'results');
  const configDir = path.join(resultsRoot, config.name);
  const hash = configHash(config);
  const previous = options.fresh ? undefined : await findRun(configDir, hash);
  const runDir = previous?.dir ?? (await freshRunDir(configDir, hash));

  const sweepPoints = config.sweep ? expandSweep(config.sweep) : [{ key: '', overrides: {} }];
  const points: Point[] = sweepPoints.map((p) => ({
    ...p,
    config: config.sweep ? resolve(applyPoint(raw, p), loaded.file) : config,
    dir: config.sweep ? pointDir(runDir, p.key) : runDir,
  }));

  if (previous?.finished) {
    reporter.info(`${path.relative(options.cwd, runDir)} already holds a complete run of this config (use --fresh for a new one); its gains read with the config's statistics settings`);
    for (const point of points) await writeJsonAtomic(path.join(point.dir, FILES.config), point.config);
    const summaries = await summarizeAll(points, runDir);
    await writeSummary(runDir, config, summaries);
    return { runDir, status: 'already-complete', backend: '', summaries, ran: 0, skipped: 0, failed: 0, wall_s: 0 };
  }
  if (previous) reporter.info(`resuming ${path.relative(options.cwd, runDir)}`);
  // worlds finished by an earlier process are not prepared again: keep their records
  const earlierWorlds = previous ? (await readManifest(runDir))?.worlds : undefined;

  const pending: Pending[] = [];
  let skipped = 0;
  for (const point of points) {
    for (const world of worldSeeds(point.config)) {
      for (const model of point.config.models) {
        for (const seed of point.config.training.seeds) {
          if (await readJob(point.dir, model.name, seed, worldKey(point.config, world))) skipped++;
          else pending.push({ point, world, model, seed });
        }
      }
    }
  }

  const jobs = Math.max(1, Math.min(options.jobs ?? os.availableParallelism(), pending.length || 1));
  const executor = await openExecutor(jobs, options.backend ?? 'auto');
  reporter.info(`backend: ${executor.backend}; ${pending.length} job(s) to run${skipped ? `, ${skipped} already done` : ''}; ${jobs} in parallel`);
  for (const warning of new Set(points.map((p) => capacityWarning(p.config)))) if (warning) reporter.info(`warning: ${warning}`);

  let manifest: Manifest | undefined;
  let ran = 0;
  let failed = 0;
  let startedJobs = 0;
  let interrupted = false;
  try {
    for (const point of points) await writeJsonAtomic(path.join(point.dir, FILES.config), point.config);
    outer: for (const point of points) {
      for (const world of worldSeeds(point.config)) {
        const mine = pending.filter((p) => p.point === point && p.world === world);
        if (mine.length === 0 && manifest) continue;
        const key = worldKey(point.config, world);
        const wconfig = worldConfig(point.config, world);
        const prepared = await prepareData(wconfig, options.cwd, jobs > 1, reporter);
        const tasks = point.config.tasks.map((t) => t.name);
        const keep = keepsTestOutputs(point.config);
        if (keep) await writeTestSet(point.dir, key, prepared.testRows, prepared.split.test, tasks);
        if (!manifest) {
          manifest = await buildManifest({ runDir, cwd: options.cwd, config, configFile: loaded.file, backend: executor.backend, data: prepared, jobs, startedAt: new Date(started), points: config.sweep ? sweepPoints : undefined });
        }
        if (key !== undefined && point === points[0]) manifest = { ...manifest, worlds: withWorld(manifest.worlds ?? earlierWorlds, worldRecord(world, options.cwd, prepared, tasks)) };
        await writeJsonAtomic(path.join(runDir, FILES.manifest), manifest);
        const requests: JobRequest[] = mine.map(({ model, seed }) => ({ point: point.key, model: model.name, seed, dataSeed: key, config: wconfig, modelConfig: model, data: prepared.split }));
        const onStart = (job: JobRequest) => reporter.jobStart(job, { index: ++startedJobs, total: pending.length });
        const done = await runPool(requests, executor, jobs, signal, reporter, onStart, async (job, result) => {
          await writeJob(point.dir, job.dataSeed === undefined ? result : { ...result, data_seed: job.dataSeed }, keep ? { ids: prepared.testRows, tasks } : undefined);
          ran++;
          if (result.status === 'failed') failed++;
        });
        if (!done) {
          interrupted = true;
          break outer;
        }
      }
    }
  } finally {
    await executor.close();
  }

  if (interrupted) {
    return { runDir, status: 'interrupted', backend: executor.backend, summaries: [], ran, skipped, failed, wall_s: (Date.now() - started) / 1000 };
  }
  const summaries = await summarizeAll(points, runDir);
  const wall = (Date.now() - started) / 1000;
  if (manifest) {
    // what the run's intervals cover, and how firm was decided (a sweep: its first point's)
    const statistics = summaries[0]?.summary.statistics;
    await writeJsonAtomic(path.join(runDir, FILES.manifest), { ...manifest, finished_at: new Date().toISOString(), wall_s: wall, ...(statistics ? { statistics } : {}) });
  }
  await writeSummary(runDir, config, summaries);
  return { runDir, status: 'complete', backend: executor.backend, summaries, ran, skipped, failed, wall_s: wall };
}

async function openExecutor(jobs: number, backend: BackendRequest): Promise<JobExecutor> {
  if (jobs > 1) return workerPoolExecutor(jobs, backend);
  const selected = await selectBackend(backend, { blasThreads: jobBlasThreads(1) });
  return inProcessExecutor(`${selected.name} (${selected.detail})`);
}

async function readManifest(runDir: string): Promise<Manifest | undefined> {
  return readFile(path.join(runDir, FILES.manifest), 'utf8').then(
    (text) => JSON.parse(text) as Manifest,
    () => undefined,
  );
}

/** Summaries of every point, each also written beside its jobs (points share the run's manifest). */
async function summarizeAll(points: Point[], runDir: string): Promise<{ key: string; summary: StudySummary }[]> {
  const manifest = JSON.parse(await readFile(path.join(runDir, FILES.manifest), 'utf8')) as Manifest;
  const out = [];
  for (const point of points) {
    const summary = summarize(await readRun(point.dir, manifest, { testOutputs: true }));
    if (point.dir !== runDir) await writeJsonAtomic(path.join(point.dir, FILES.summary), summary);
    out.push({ key: point.key, summary });
  }
  return out;
}

/** summary.json: the run's summary, or every point's for a sweep; its presence marks the run finished. */
async function writeSummary(runDir: string, config: Config, summaries: { key: string; summary: StudySummary }[]): Promise<void> {
  await writeJsonAtomic(path.join(runDir, FILES.summary), config.sweep ? { points: summaries } : summaries[0].summary);
}
