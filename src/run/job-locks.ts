import * as path from 'node:path';
import { worldKey } from '../config/worlds';
import { acquireLock, LockHeldError, type HeldLock } from '../fs/lock';
import { removeStaleTemps } from '../fs/stale-temps';
import { jobDir } from '../results/layout';
import { readFinishedJob } from './finished-job';
import { folderOf, jobLabel, type PendingJob } from './job-scan';

/** A job this process holds the lock of, to train. */
export interface ClaimedJob {
  job: PendingJob;
  lock: HeldLock;
}

/** `<job folder>.lock`, beside the job's folder (`jobDir`): held while one process trains the job. */
export function jobLockFile(dir: string): string {
  return `${dir}.lock`;
}

/**
 * Claims the jobs a shard is to train, each by its own lock, so no two
 * processes ever train one job — not two shards of different counts, not a
 * retried task beside its first try. A job another process holds is left
 * to it; one that finished since the scan is skipped. Under its lock a job
 * is looked at again: a damaged one is moved aside (`readFinishedJob`),
 * and temporary files a killed process left in its folder are removed.
 */
export async function claimJobs(jobs: readonly PendingJob[], notice: (message: string) => void): Promise<ClaimedJob[]> {
  const claimed: ClaimedJob[] = [];
  for (const job of jobs) {
    const key = worldKey(job.point.config, job.world);
    const label = jobLabel(job.point.key, job.model.name, job.seed, key);
    const dir = jobDir(job.point.dir, folderOf(job.model), job.seed, key);
    let lock: HeldLock;
    try {
      lock = await acquireLock(jobLockFile(dir), { what: label, notice });
    } catch (err) {
      if (!(err instanceof LockHeldError)) throw err;
      notice(`${label} is being trained by another process; left to it (${err.message})`);
      continue;
    }
    if (await readFinishedJob(job.point.dir, folderOf(job.model), job.model.name, job.seed, key, notice)) {
      await lock.release();
      continue;
    }
    const removed = await removeStaleTemps(dir, { recursive: true });
    if (removed.length > 0) notice(`removed ${removed.length} temporary file(s) a stopped process left in ${path.basename(dir)} of ${label}`);
    claimed.push({ job, lock });
  }
  return claimed;
}
