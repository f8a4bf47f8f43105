import * as os from 'node:os';
import * as path from 'node:path';
import { writeJsonAtomic } from '../fs/atomic';
import { ensureWritableDir } from '../fs/writable-dir';
import { FILES } from '../results/layout';
import { groupProvenance } from '../results/provenance';
import { claimRun } from '../results/run-claim';
import { claimShard } from '../results/shard-claim';
import { UserError } from '../errors';
import { configHash } from '../results/study-identity';
import { checkDataPaths } from '../run/check-data-paths';
import { executeJobs } from '../run/execute';
import { finishRun } from '../run/finish-run';
import { inProcessExecutor } from '../run/in-process';
import { scanJobs } from '../run/job-scan';
import { inShard, planJobs, type Shard } from '../run/plan';
import { declaredModels, planPoints } from '../run/run-points';
import { checkCount, RUN_LIMITS } from '../run/run-limits';
import { summarizeAll, writeSummary } from '../run/summaries';
import { silentReporter, type BackendRequest, type JobExecutor, type RunReporter } from '../run/types';
import { workerPoolExecutor } from '../run/worker-pool';
import { selectBackend } from '../backend';
import { jobBlasThreads } from '../ops/native-blas';
import type { StudySummary } from '../study/types';
import type { RunOverrides } from './run-overrides';
import { loadStudyRequest } from './study-request';
import { exists } from '../fs/exists';

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
  /** run only this shard of the plan's jobs (`planJobs`), beside the other shards in one run */
  shard?: Shard;
  reporter?: RunReporter;
  signal?: AbortSignal;
}

export interface RunOutcome {
  runDir: string;
  /** `complete`: every job done; `interrupted`: stopped early, re-run to resume; `already-complete`: nothing to do; `shard-done`: this shard's jobs done, others' still to finish */
  status: 'complete' | 'interrupted' | 'already-complete' | 'shard-done';
  backend: string;
  /** one per sweep point (a single entry keyed '' without a sweep) */
  summaries: { key: string; summary: StudySummary }[];
  ran: number;
  skipped: number;
  failed: number;
  wall_s: number;
  shard?: Shard;
  /** with `shard-done`: the run's jobs not finished yet (by any shard) */
  remaining?: number;
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
  const loaded = await loadStudyRequest(options.config, options.cwd, options);
  const { config, sweepPoints, requests } = loaded;
  const paths = { dir: loaded.dir, cwd: options.cwd };
  await checkDataPaths(requests, paths);

  const resultsRoot = await ensureWritableDir(path.resolve(options.cwd, options.out ?? 'results'), options.out === undefined ? 'results' : `--out ${options.out}`);
  const configDir = path.join(resultsRoot, config.name);
  const notice = (m: string) => reporter.info(m);
  if (options.shard && options.fresh) throw new UserError('--fresh cannot be used with --shard: every shard of a study fills the same run');
  await using claim = options.shard ? await claimShard(configDir, configHash(config), options.shard, { cwd: options.cwd, notice }) : await claimRun(configDir, configHash(config), { fresh: options.fresh, cwd: options.cwd, notice });
  const { previous, runDir } = claim;
  const points = await planPoints(sweepPoints, requests, runDir, declaredModels(loaded.raw), Boolean(config.sweep));
  // a shard's jobs: its part of the plan of what this command asks for, the same list in every shard
  const mine = options.shard ? new Set(planJobs(points, Boolean(config.sweep)).filter((j) => inShard(j.index, options.shard)).map((j) => j.label)) : undefined;
  const { pending, finished } = await scanJobs(points, notice, mine ? (label) => mine.has(label) : undefined);
  const skipped = mine ? finished.filter((f) => mine.has(f.label)).length : finished.length;
  if (options.shard) reporter.info(`shard ${options.shard.index}/${options.shard.count} of ${path.relative(options.cwd, runDir) || runDir}: ${mine?.size ?? 0} job(s) of the plan`);

  if (!options.shard && previous?.finished && pending.length === 0) {
    reporter.info(`${path.relative(options.cwd, runDir)} already holds every job asked for (use --fresh for a new run); its gains read with the config's statistics settings`);
    // config.json differs at most in its study section, which decides how the jobs are read
    for (const point of points) await writeJsonAtomic(path.join(point.dir, FILES.config), point.config);
    const summaries = await summarizeAll(points, runDir);
    await writeSummary(runDir, Boolean(config.sweep), summaries);
    return { runDir, status: 'already-complete', backend: '', summaries, ran: 0, skipped: 0, failed: 0, wall_s: 0 };
  }
  if (previous && !options.shard) reporter.info(`${previous.finished ? 'adding to' : 'resuming'} ${path.relative(options.cwd, runDir)}`);
  if (options.shard && pending.length === 0) return finishShard(runDir, options.shard, { ran: 0, failed: 0, skipped, backend: '', started });

  const jobs = Math.max(1, Math.min(options.jobs ?? os.availableParallelism(), pending.length || 1));
  const executor = await openExecutor(jobs, options.backend ?? 'auto');
  reporter.info(`backend: ${executor.backend}; ${pending.length} job(s) to run${skipped ? `, ${skipped} already done` : ''}; ${jobs} in parallel`);
  let done;
  try {
    done = await executeJobs({ runDir, resultsRoot, configFile: loaded.file, paths, points, pending, finished, sweepPoints: config.sweep ? sweepPoints : undefined, resuming: previous !== undefined, shard: options.shard, executor, jobs, startedAt: new Date(started), signal, reporter });
  } finally {
    await executor.close();
  }
  const { manifest, provenance, ran, failed } = done;
  const counts = { ran, failed, skipped, backend: executor.backend, started };
  if (done.interrupted) return { runDir, status: 'interrupted', summaries: [], ...counts, wall_s: (Date.now() - started) / 1000 };
  if (options.shard) return finishShard(runDir, options.shard, counts);
  const summaries = await summarizeAll(points, runDir);
  const wall = (Date.now() - started) / 1000;
  if (manifest) {
    // what the run's intervals cover, and how firm was decided (a sweep: its first point's)
    const statistics = summaries[0]?.summary.statistics;
    await writeJsonAtomic(path.join(runDir, FILES.manifest), { ...manifest, finished_at: new Date().toISOString(), wall_s: wall, job_provenance: groupProvenance(provenance), ...(statistics ? { statistics } : {}) });
  }
  await writeSummary(runDir, Boolean(config.sweep), summaries);
  return { runDir, status: 'complete', summaries, ...counts, wall_s: wall };
}

/**
 * A shard's end: the run's summary when every job of it is done (this shard
 * finished last), else what is still to do elsewhere. A shard never trains
 * into, or summarises, a run whose finished jobs do not pair.
 */
async function finishShard(runDir: string, shard: Shard, counts: { ran: number; failed: number; skipped: number; backend: string; started: number }): Promise<RunOutcome> {
  const { started, ...rest } = counts;
  const wall_s = (Date.now() - started) / 1000;
  // a shard with no job in a run nothing has been written to yet has nothing to read
  const outcome = (await exists(path.join(runDir, FILES.manifest))) ? await finishRun(runDir) : undefined;
  if (outcome?.status === 'mixed') throw new UserError(`${runDir}: its jobs were trained on different inputs, so they cannot be paired:\n  ${outcome.differences.join('\n  ')}`);
  if (outcome?.status === 'complete') return { runDir, status: 'complete', summaries: outcome.summaries, ...rest, wall_s, shard };
  return { runDir, status: 'shard-done', summaries: [], ...rest, wall_s, shard, remaining: outcome?.missing.length };
}

async function openExecutor(jobs: number, backend: BackendRequest): Promise<JobExecutor> {
  if (jobs > 1) return workerPoolExecutor(jobs, backend);
  const selected = await selectBackend(backend, { blasThreads: jobBlasThreads(1) });
  return inProcessExecutor(`${selected.name} (${selected.detail})`);
}
