import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../config/load';
import { applyPoint, expandSweep, type SweepPoint } from '../config/sweep';
import type { Config } from '../config/types';
import { validateConfig } from '../config/validate';
import { UserError } from '../errors';
import { writeJsonAtomic } from '../fs/atomic';
import { ensureWritableDir } from '../fs/writable-dir';
import { writeJob } from '../results/job-files';
import { FILES, pointDir } from '../results/layout';
import { groupProvenance, type JobProvenance } from '../results/provenance';
import { claimRun } from '../results/run-claim';
import { configHash, readManifest, readRun } from '../results/run-dir';
import type { Manifest } from '../results/types';
import { readFinishedJob } from '../run/finished-job';
import { inProcessExecutor } from '../run/in-process';
import { jobProvenance } from '../run/job-provenance';
import { prepareData, type PreparedData } from '../run/prepare-data';
import { buildManifest } from '../run/manifest';
import { resumeRefusal } from '../run/resume-check';
import { checkCount, RUN_LIMITS } from '../run/run-limits';
import { silentReporter, type BackendRequest, type JobExecutor, type JobRequest, type RunReporter } from '../run/types';
import { workerPoolExecutor } from '../run/worker-pool';
import { selectBackend } from '../backend';
import { jobBlasThreads } from '../ops/native-blas';
import { summarize } from '../study/summary';
import type { StudySummary } from '../study/types';
import type { JobResult } from '../train/types';

export interface RunOptions {
  config: string;
  cwd: string;
  /** results root (default `results`) */
  out?: string;
  /** run only these models (by name) */
  models?: string[];
  /** use seeds 1..N */
  seeds?: number;
  /** use this one seed */
  seed?: number;
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

/** The command-line overrides, applied to the raw config so the saved config says what ran. */
function applyOverrides(raw: Record<string, unknown>, options: RunOptions, file: string): Record<string, unknown> {
  const copy = structuredClone(raw);
  if (options.models) {
    const models = (copy.models ?? []) as { name?: unknown }[];
    const known = models.map((m) => String(m.name));
    const unknown = options.models.filter((m) => !known.includes(m));
    if (unknown.length) throw new UserError(`--models: ${unknown.map((m) => `"${m}"`).join(', ')} not in ${file} (models: ${known.join(', ')})`);
    copy.models = models.filter((m) => options.models!.includes(String(m.name)));
  }
  const training = { ...((copy.training ?? {}) as Record<string, unknown>) };
  if (options.seeds !== undefined) {
    checkCount('--seeds', options.seeds, RUN_LIMITS.seeds);
    training.seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  }
  if (options.seed !== undefined) {
    if (!Number.isInteger(options.seed)) throw new UserError(`--seed: expected an integer, got ${options.seed}`);
    training.seeds = [options.seed];
  }
  copy.training = training;
  return copy;
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

/** A job's name in messages and the manifest: `model/seed-N`, after `point/` in a sweep. */
function jobLabel(point: string, model: string, seed: number): string {
  return `${point ? `${point}/` : ''}${model}/seed-${seed}`;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/**
 * `ple run`: trains every model × seed (× sweep point) of a config, writes
 * each finished job at once, resumes a previous partial run of the same
 * config, and summarises the gains.
 */
export async function run(options: RunOptions): Promise<RunOutcome> {
  const started = Date.now();
  const reporter = options.reporter ?? silentReporter;
  const signal = options.signal ?? new AbortController().signal;
  checkCount('--jobs', options.jobs, RUN_LIMITS.jobs);
  const loaded = await loadConfig(options.config, options.cwd);
  const raw = applyOverrides(loaded.raw as Record<string, unknown>, options, loaded.file);
  const config = resolve(raw, loaded.file);

  const resultsRoot = await ensureWritableDir(path.resolve(options.cwd, options.out ?? 'results'), options.out === undefined ? 'results' : `--out ${options.out}`);
  const configDir = path.join(resultsRoot, config.name);
  const hash = configHash(config);
  await using claim = await claimRun(configDir, hash, { fresh: options.fresh, cwd: options.cwd, notice: (m) => reporter.info(m) });
  const { previous, runDir } = claim;

  const sweepPoints = config.sweep ? expandSweep(config.sweep) : [{ key: '', overrides: {} }];
  const points: Point[] = sweepPoints.map((p) => ({
    ...p,
    config: config.sweep ? resolve(applyPoint(raw, p), loaded.file) : config,
    dir: config.sweep ? pointDir(runDir, p.key) : runDir,
  }));

  // what is left to do
  const pending: { point: Point; model: Config['models'][number]; seed: number }[] = [];
  const finished: { point: Point; label: string; recorded?: JobProvenance }[] = [];
  let skipped = 0;
  for (const point of points) {
    for (const model of point.config.models) {
      for (const seed of point.config.training.seeds) {
        const done = await readFinishedJob(point.dir, model.name, seed, (m) => reporter.info(m));
        if (!done) pending.push({ point, model, seed });
        else {
          skipped++;
          finished.push({ point, label: jobLabel(point.key, model.name, seed), recorded: done.provenance });
        }
      }
    }
  }

  if (previous?.finished && pending.length === 0) {
    reporter.info(`${path.relative(options.cwd, runDir)} already holds a complete run of this config (use --fresh for a new one)`);
    return { runDir, status: 'already-complete', backend: '', summaries: await summarizeAll(points, runDir), ran: 0, skipped: 0, failed: 0, wall_s: 0 };
  }
  if (previous) reporter.info(`resuming ${path.relative(options.cwd, runDir)}`);

  const jobs = Math.max(1, Math.min(options.jobs ?? os.availableParallelism(), pending.length || 1));
  const executor = await openExecutor(jobs, options.backend ?? 'auto');
  reporter.info(`backend: ${executor.backend}; ${pending.length} job(s) to run${skipped ? `, ${skipped} already done` : ''}; ${jobs} in parallel`);

  const dataByPoint = new Map<string, PreparedData>();
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
    for (const point of points) {
      const prepared = await prepareData(point.config, options.cwd, jobs > 1, reporter);
      dataByPoint.set(point.key, prepared);
      const expected = jobProvenance({ backend: executor.backend, dataSha256: prepared.sha256, config: point.config });
      const refusal = resumeRefusal(path.relative(options.cwd, runDir), finished.filter((f) => f.point === point).map((f) => ({ ...f, expected })));
      if (refusal) throw new UserError(refusal);
      await writeJsonAtomic(path.join(point.dir, FILES.config), point.config);
      if (!manifest) {
        manifest = await buildManifest({ runDir, cwd: options.cwd, config, configFile: loaded.file, backend: executor.backend, data: prepared, jobs, startedAt: new Date(started), points: config.sweep ? sweepPoints : undefined });
        await writeJsonAtomic(path.join(runDir, FILES.manifest), { ...manifest, job_provenance: groupProvenance(provenance) });
      }
      const mine = pending.filter((p) => p.point === point);
      const total = pending.length;
      const requests: JobRequest[] = mine.map(({ model, seed }) => ({ point: point.key, model: model.name, seed, config: point.config, modelConfig: model, data: prepared.split }));
      const onStart = (job: JobRequest) => reporter.jobStart(job, { index: ++startedJobs, total });
      const results = await runPool(requests, executor, jobs, signal, reporter, onStart, async (result) => {
        await writeJob(point.dir, { ...result, provenance: expected });
        provenance.set(jobLabel(point.key, result.model, result.seed), expected);
        ran++;
        if (result.status === 'failed') failed++;
      });
      if (!results) {
        interrupted = true;
        break;
      }
      dataByPoint.delete(point.key);
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
    await writeJsonAtomic(path.join(runDir, FILES.manifest), { ...manifest, finished_at: new Date().toISOString(), wall_s: wall, job_provenance: groupProvenance(provenance) });
  }
  await writeJsonAtomic(path.join(runDir, FILES.summary), config.sweep ? { points: summaries } : summaries[0].summary);
  return { runDir, status: 'complete', backend: executor.backend, summaries, ran, skipped, failed, wall_s: wall };
}

async function openExecutor(jobs: number, backend: BackendRequest): Promise<JobExecutor> {
  if (jobs > 1) return workerPoolExecutor(jobs, backend);
  const selected = await selectBackend(backend, { blasThreads: jobBlasThreads(1) });
  return inProcessExecutor(`${selected.name} (${selected.detail})`);
}

/** Summaries of every point, each also written beside its jobs (points share the run's manifest). */
async function summarizeAll(points: Point[], runDir: string): Promise<{ key: string; summary: StudySummary }[]> {
  const manifest = await readManifest(runDir);
  const out = [];
  for (const point of points) {
    const summary = summarize(await readRun(point.dir, manifest));
    if (point.dir !== runDir) await writeJsonAtomic(path.join(point.dir, FILES.summary), summary);
    out.push({ key: point.key, summary });
  }
  return out;
}

/**
 * Runs the requests with at most `width` in flight; each result is handed to
 * `onResult` (which writes it) as soon as it is done. Returns false when interrupted.
 */
async function runPool(
  requests: JobRequest[],
  executor: JobExecutor,
  width: number,
  signal: AbortSignal,
  reporter: RunReporter,
  onStart: (job: JobRequest) => void,
  onResult: (result: JobResult) => Promise<void>,
): Promise<boolean> {
  let next = 0;
  let stopped = false;
  const lane = async () => {
    while (!stopped && next < requests.length) {
      const job = requests[next++];
      onStart(job);
      try {
        const result = await executor.run(job, (p) => reporter.jobProgress(job, p), signal);
        await onResult(result);
        reporter.jobEnd(job, result);
      } catch (err) {
        if (isAbort(err)) {
          stopped = true;
          return;
        }
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, requests.length) }, lane));
  return !stopped && !signal.aborted;
}
