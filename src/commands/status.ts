import * as path from 'node:path';
import { describeHolder, liveHolder } from '../fs/lock-holder';
import { FILES } from '../results/layout';
import { liveShards, RUN_LOCK } from '../results/shard-claim';
import { jobLockFile } from '../run/job-locks';
import { runContents } from '../run/run-jobs';
import { exists } from '../fs/exists';

/** Where a job of a run stands for `ple status`: finished ok or failed, being trained, damaged, or not started. */
export type StatusState = 'done' | 'failed' | 'running' | 'damaged' | 'missing';

export interface RunStatus {
  run_dir: string;
  /** every job is finished and summary.json is written */
  complete: boolean;
  summary: boolean;
  /** a `ple run` without --shard working in the run now */
  run_holder?: string;
  /** the shards working in it now */
  live_shards: { shard: string; holder: string }[];
  /** per point and model, in the config's order: how many jobs stand where */
  models: ({ point: string; model: string } & Record<StatusState, number>)[];
  /** the jobs not done or failed, by label, with where they stand */
  unfinished: { label: string; state: Exclude<StatusState, 'done' | 'failed'> }[];
  total: number;
}

/**
 * `ple status RUN`: what a run holds against what its config lists, read
 * without touching it: a job is running while a live process holds its lock
 * (shards lock each job they train; a run without --shard holds the whole
 * run, shown as its holder).
 */
export async function runStatus(runDir: string): Promise<RunStatus> {
  const { jobs } = await runContents(runDir);
  const models = new Map<string, RunStatus['models'][number]>();
  const unfinished: RunStatus['unfinished'] = [];
  for (const job of jobs) {
    let state: StatusState = job.state === 'ok' ? 'done' : job.state;
    if ((state === 'missing' || state === 'damaged') && (await liveHolder(jobLockFile(job.dir)))) state = 'running';
    const key = `${job.point}\u0000${job.model}`;
    const row = models.get(key) ?? { point: job.point, model: job.model, done: 0, failed: 0, running: 0, damaged: 0, missing: 0 };
    row[state]++;
    models.set(key, row);
    if (state !== 'done' && state !== 'failed') unfinished.push({ label: job.label, state });
  }
  const holder = await liveHolder(path.join(runDir, RUN_LOCK));
  const summary = await exists(path.join(runDir, FILES.summary));
  return {
    run_dir: runDir,
    complete: summary && unfinished.length === 0,
    summary,
    ...(holder ? { run_holder: holder === 'unreadable' ? 'a lock ple cannot read' : describeHolder(holder) } : {}),
    live_shards: await liveShards(runDir),
    models: [...models.values()],
    unfinished,
    total: jobs.length,
  };
}
