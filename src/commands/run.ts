import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../config/load';
import { applyPoint, expandSweep } from '../config/sweep';
import type { Config } from '../config/types';
import { validateConfig } from '../config/validate';
import { worldSeeds } from '../config/worlds';
import { writeJsonAtomic } from '../fs/atomic';
import { ensureWritableDir } from '../fs/writable-dir';
import { writeJob } from '../results/job-files';
import { FILES } from '../results/layout';
import { groupProvenance } from '../results/provenance';
import { claimRun } from '../results/run-claim';
import { readManifest } from '../results/run-dir';
import { configHash } from '../results/study-identity';
import type { Manifest } from '../results/types';
import { checkDataPaths } from '../run/check-data-paths';
import { inProcessExecutor } from '../run/in-process';
import { folderOf, jobLabel, scanJobs } from '../run/job-scan';
import { buildManifest, withPointSamples, withWorld, worldRecord } from '../run/manifest';
import { runPool } from '../run/pool';
import { declaredModels, planPoints } from '../run/run-points';
import { checkCount, RUN_LIMITS } from '../run/run-limits';
import { summarizeAll, writeSummary } from '../run/summaries';
import { silentReporter, type BackendRequest, type JobExecutor, type JobRequest, type RunReporter } from '../run/types';
import { workerPoolExecutor } from '../run/worker-pool';
import { setUpWorld } from '../run/world-setup';
import { selectBackend } from '../backend';
import { jobBlasThreads } from '../ops/native-blas';
import type { StudySummary } from '../study/types';
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

/**
 * `ple run`: trains the jobs a command asks for — model × seed (× world ×
 * sweep point) — that its run lacks, writes each finished job at once, and
 * summarises every job the run holds. A run is its study, not the models
 * and seeds asked for (`studyIdentity`): a later command with more models or
 * seeds fills the same run, training only the missing jobs, and one whose
 * finished jobs were trained on other data, backend, version or config is
 * refused. A finished run is re-read with the config's statistics settings,
 * which are not part of its identity.
 */
export async function run(options: RunOptions): Promise<RunOutcome> {
  const started = Date.now();
  const reporter = options.reporter ?? silentReporter;
  const signal = options.signal ?? new AbortController().signal;
  checkCount('--jobs', options.jobs, RUN_LIMITS.jobs);
  const loaded = await loadConfig(options.config, options.cwd);
  const raw = applyOverrides(loaded.raw as Record<string, unknown>, options, loaded.file);
  const config = resolve(raw, loaded.file);

  const sweepPoints = config.sweep ? expandSweep(config.sweep) : [{ key: '', overrides: {} }];
  const requests = sweepPoints.map((p) => (config.sweep ? resolve(applyPoint(raw, p), loaded.file) : config));
  const paths = { dir: loaded.dir, cwd: options.cwd };
  await checkDataPaths(requests, paths);

  const resultsRoot = await ensureWritableDir(path.resolve(options.cwd, options.out ?? 'results'), options.out === undefined ? 'results' : `--out ${options.out}`);
  const configDir = path.join(resultsRoot, config.name);
  await using claim = await claimRun(configDir, configHash(config), { fresh: options.fresh, cwd: options.cwd, notice: (m) => reporter.info(m) });
  const { previous, runDir } = claim;
  const points = await planPoints(sweepPoints, requests, runDir, declaredModels(loaded.raw), Boolean(config.sweep));
  const { pending, finished } = await scanJobs(points, (m) => reporter.info(m));
  const skipped = finished.length;

  if (previous?.finished && pending.length === 0) {
    reporter.info(`${path.relative(options.cwd, runDir)} already holds every job asked for (use --fresh for a new run); its gains read with the config's statistics settings`);
    // config.json differs at most in its study section, which decides how the jobs are read
    for (const point of points) await writeJsonAtomic(path.join(point.dir, FILES.config), point.config);
    const summaries = await summarizeAll(points, runDir);
    await writeSummary(runDir, config, summaries);
    return { runDir, status: 'already-complete', backend: '', summaries, ran: 0, skipped: 0, failed: 0, wall_s: 0 };
  }
  if (previous) reporter.info(`${previous.finished ? 'adding to' : 'resuming'} ${path.relative(options.cwd, runDir)}`);
  // worlds finished by an earlier process are not prepared again: keep their records
  const earlierWorlds = previous ? (await readManifest(runDir).catch(() => undefined))?.worlds : undefined;

  const jobs = Math.max(1, Math.min(options.jobs ?? os.availableParallelism(), pending.length || 1));
  const executor = await openExecutor(jobs, options.backend ?? 'auto');
  reporter.info(`backend: ${executor.backend}; ${pending.length} job(s) to run${skipped ? `, ${skipped} already done` : ''}; ${jobs} in parallel`);

  const provenance = new Map(finished.flatMap((f) => (f.recorded ? [[f.label, f.recorded] as const] : [])));
  let manifest: Manifest | undefined;
  let ran = 0;
  let failed = 0;
  let startedJobs = 0;
  let interrupted = false;
  try {
    // a point with finished jobs keeps its config.json until they pass the resume check
    for (const point of points) {
      if (!finished.some((f) => f.point === point)) await writeJsonAtomic(path.join(point.dir, FILES.config), point.config);
    }
    outer: for (const point of points) {
      for (const world of worldSeeds(point.config)) {
        const mine = pending.filter((p) => p.point === point && p.world === world);
        const done = finished.filter((f) => f.point === point && f.world === world);
        // a world with nothing to train and nothing to check needs its data only for the manifest
        if (mine.length === 0 && done.length === 0 && manifest) continue;
        const cacheDir = path.join(resultsRoot, DATA_CACHE);
        const setup = await setUpWorld({ point, world, done, runDir, paths, backend: executor.backend, shared: jobs > 1, cacheDir, reporter });
        const { key, prepared, tasks } = setup;
        manifest ??= await buildManifest({ runDir, cwd: options.cwd, config: points[0].config, configFile: loaded.file, backend: executor.backend, data: prepared, jobs, startedAt: new Date(started), points: config.sweep ? sweepPoints : undefined });
        if (key !== undefined && point === points[0]) manifest = { ...manifest, worlds: withWorld(manifest.worlds ?? earlierWorlds, worldRecord(world, options.cwd, prepared, tasks)) };
        if (config.sweep) manifest = withPointSamples(manifest, point.key, prepared, tasks);
        await writeJsonAtomic(path.join(runDir, FILES.manifest), { ...manifest, job_provenance: groupProvenance(provenance) });
        const requestsNow: JobRequest[] = mine.map(({ model, seed }) => ({ point: point.key, model: model.name, seed, dataSeed: key, config: prepared.config, modelConfig: model, data: prepared.split }));
        const onStart = (job: JobRequest) => reporter.jobStart(job, { index: ++startedJobs, total: pending.length });
        const completed = await runPool(requestsNow, executor, jobs, signal, reporter, onStart, async (job, result) => {
          const expected = setup.provenance(job.modelConfig);
          await writeJob(point.dir, folderOf(job.modelConfig), { ...result, ...(key === undefined ? {} : { data_seed: key }), provenance: expected }, setup.keeps(job.modelConfig));
          provenance.set(jobLabel(point.key, job.model, job.seed, key), expected);
          ran++;
          if (result.status === 'failed') failed++;
        });
        if (!completed) {
          interrupted = true;
          break outer;
        }
      }
    }
  } finally {
    await executor.close();
  }

  if (interrupted) {
    if (manifest) await writeJsonAtomic(path.join(runDir, FILES.manifest), { ...manifest, job_provenance: groupProvenance(provenance) });
    return { runDir, status: 'interrupted', backend: executor.backend, summaries: [], ran, skipped, failed, wall_s: (Date.now() - started) / 1000 };
  }
  const summaries = await summarizeAll(points, runDir);
  const wall = (Date.now() - started) / 1000;
  if (manifest) {
    // what the run's intervals cover, and how firm was decided (a sweep: its first point's)
    const statistics = summaries[0]?.summary.statistics;
    await writeJsonAtomic(path.join(runDir, FILES.manifest), { ...manifest, finished_at: new Date().toISOString(), wall_s: wall, job_provenance: groupProvenance(provenance), ...(statistics ? { statistics } : {}) });
  }
  await writeSummary(runDir, config, summaries);
  return { runDir, status: 'complete', backend: executor.backend, summaries, ran, skipped, failed, wall_s: wall };
}

/** Where `ple run` keeps CSV and Parquet files converted to Arrow, under the results folder (`importCached`). */
const DATA_CACHE = '.data-cache';

async function openExecutor(jobs: number, backend: BackendRequest): Promise<JobExecutor> {
  if (jobs > 1) return workerPoolExecutor(jobs, backend);
  const selected = await selectBackend(backend, { blasThreads: jobBlasThreads(1) });
  return inProcessExecutor(`${selected.name} (${selected.detail})`);
}
