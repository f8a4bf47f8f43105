import * as os from 'node:os';
import * as path from 'node:path';
import type { ConfigPaths } from '../config/paths';
import type { SweepPoint } from '../config/sweep';
import { worldSeeds } from '../config/worlds';
import { writeJsonAtomic } from '../fs/atomic';
import type { HeldLock } from '../fs/lock';
import { writeJob } from '../results/job-files';
import { FILES } from '../results/layout';
import { writeSharedManifest } from '../results/manifest-merge';
import { groupProvenance, type JobProvenance } from '../results/provenance';
import { readManifest } from '../results/run-dir';
import type { Manifest } from '../results/types';
import { claimJobs } from './job-locks';
import { folderOf, jobLabel, type FinishedEntry, type PendingJob, type Point } from './job-scan';
import { buildManifest, withPointSamples, withWorld, worldRecord } from './manifest';
import type { Shard } from './plan';
import { runPool } from './pool';
import type { JobExecutor, JobRequest, RunReporter } from './types';
import { setUpWorld } from './world-setup';

/** What `executeJobs` works on: the claimed run, its points and the jobs the scan found. */
export interface Execution {
  runDir: string;
  resultsRoot: string;
  configFile: string;
  paths: ConfigPaths;
  points: Point[];
  pending: PendingJob[];
  finished: FinishedEntry[];
  /** the sweep's points, for the manifest (undefined without a sweep) */
  sweepPoints?: SweepPoint[];
  /** whether an earlier process worked in the run (its manifest's worlds are kept) */
  resuming: boolean;
  /** set when this process is one shard of several filling the run together */
  shard?: Shard;
  executor: JobExecutor;
  jobs: number;
  startedAt: Date;
  signal: AbortSignal;
  reporter: RunReporter;
}

export interface Executed {
  /** stopped by the signal before every job ran */
  interrupted: boolean;
  /** undefined when no world was set up (nothing to do) */
  manifest?: Manifest;
  provenance: Map<string, JobProvenance>;
  ran: number;
  failed: number;
}

/** Where `ple run` keeps CSV and Parquet files converted to Arrow, under the results folder (`importCached`). */
const DATA_CACHE = '.data-cache';

/**
 * Trains the pending jobs, world by world: sets each world up (its data,
 * the resume check, its files), records it in the manifest, and writes each
 * job as it finishes. A shard first claims each job by its lock
 * (`claimJobs`) and writes the manifest combined with what the other shards
 * wrote (`writeSharedManifest`); a process alone in the run writes it whole.
 */
export async function executeJobs(x: Execution): Promise<Executed> {
  const { points, pending, finished, reporter } = x;
  const provenance = new Map(finished.flatMap((f) => (f.recorded ? [[f.label, f.recorded] as const] : [])));
  const earlierWorlds = x.resuming && !x.shard ? (await readManifest(x.runDir).catch(() => undefined))?.worlds : undefined;
  const shardRecord = x.shard ? [{ shard: `${x.shard.index}/${x.shard.count}`, host: os.hostname(), started_at: x.startedAt.toISOString() }] : undefined;
  const save = async (m: Manifest) => {
    const whole = { ...m, job_provenance: groupProvenance(provenance), ...(shardRecord ? { shards: shardRecord } : {}) };
    if (x.shard) await writeSharedManifest(x.runDir, whole);
    else await writeJsonAtomic(path.join(x.runDir, FILES.manifest), whole);
  };
  let manifest: Manifest | undefined;
  let ran = 0;
  let failed = 0;
  let startedJobs = 0;
  // a point with finished jobs keeps its config.json until they pass the resume check
  for (const point of points) {
    if (!finished.some((f) => f.point === point)) await writeJsonAtomic(path.join(point.dir, FILES.config), point.config);
  }
  for (const point of points) {
    for (const world of worldSeeds(point.config)) {
      const mine = pending.filter((p) => p.point === point && p.world === world);
      const done = finished.filter((f) => f.point === point && f.world === world);
      // a world with nothing to train needs its data only for the manifest, and for checking what it holds (a shard leaves that to the shards training there)
      if (mine.length === 0 && (x.shard !== undefined || done.length === 0) && manifest) continue;
      const setup = await setUpWorld({ point, world, done, runDir: x.runDir, paths: x.paths, backend: x.executor.backend, shared: x.jobs > 1, cacheDir: path.join(x.resultsRoot, DATA_CACHE), reporter });
      const { key, prepared, tasks } = setup;
      manifest ??= await buildManifest({ runDir: x.runDir, cwd: x.paths.cwd, config: points[0].config, configFile: x.configFile, backend: x.executor.backend, data: prepared, jobs: x.jobs, startedAt: x.startedAt, points: x.sweepPoints });
      if (key !== undefined && point === points[0]) manifest = { ...manifest, worlds: withWorld(manifest.worlds ?? earlierWorlds, worldRecord(world, x.paths.cwd, prepared, tasks)) };
      if (x.sweepPoints) manifest = withPointSamples(manifest, point.key, prepared, tasks);
      await save(manifest);
      const claimed = x.shard ? await claimJobs(mine, (m) => reporter.info(m)) : mine.map((job) => ({ job, lock: undefined }));
      const locks = new Map<string, HeldLock | undefined>();
      const requests: JobRequest[] = claimed.map(({ job: { model, seed }, lock }) => {
        locks.set(jobLabel(point.key, model.name, seed, key), lock);
        return { point: point.key, model: model.name, seed, dataSeed: key, config: prepared.config, modelConfig: model, data: prepared.split };
      });
      const onStart = (job: JobRequest) => reporter.jobStart(job, { index: ++startedJobs, total: pending.length });
      let completed: boolean;
      try {
        completed = await runPool(requests, x.executor, x.jobs, x.signal, reporter, onStart, async (job, result) => {
          const label = jobLabel(point.key, job.model, job.seed, key);
          const expected = setup.provenance(job.modelConfig);
          await writeJob(point.dir, folderOf(job.modelConfig), { ...result, ...(key === undefined ? {} : { data_seed: key }), provenance: expected }, setup.keeps(job.modelConfig));
          provenance.set(label, expected);
          await locks.get(label)?.release();
          ran++;
          if (result.status === 'failed') failed++;
        });
      } finally {
        for (const lock of locks.values()) await lock?.release();
      }
      if (!completed) {
        await save(manifest);
        return { interrupted: true, manifest, provenance, ran, failed };
      }
    }
  }
  if (manifest && x.shard) await save(manifest);
  return { interrupted: false, manifest, provenance, ran, failed };
}
