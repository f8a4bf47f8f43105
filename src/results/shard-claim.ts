import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { UserError } from '../errors';
import { describeHolder, liveHolder } from '../fs/lock-holder';
import type { Shard } from '../run/plan';
import { pickAndLock } from './pick-run';
import type { RunClaim } from './run-claim';

/** The lock a process without `--shard` holds on a run directory. */
export const RUN_LOCK = 'run.lock';
/** Where shards keep their locks, in the run directory. */
export const SHARDS_DIR = 'shards';

/** `shards/<I>-of-<N>.lock`: the lock of one shard of a run. */
export function shardLockFile(runDir: string, shard: Shard): string {
  return path.join(runDir, SHARDS_DIR, `${shard.index}-of-${shard.count}.lock`);
}

/** The shards working in a run now: `I/N` and who holds each. */
export async function liveShards(runDir: string): Promise<{ shard: string; holder: string }[]> {
  const names = await readdir(path.join(runDir, SHARDS_DIR)).catch(() => [] as string[]);
  const live = [];
  for (const name of names.filter((n) => /^\d+-of-\d+\.lock$/.test(n)).sort()) {
    const holder = await liveHolder(path.join(runDir, SHARDS_DIR, name));
    if (holder) live.push({ shard: name.replace(/-of-/, '/').replace(/\.lock$/, ''), holder: holder === 'unreadable' ? 'a lock ple cannot read' : describeHolder(holder) });
  }
  return live;
}

/**
 * A shard's claim on the run it fills: the newest run of the config (or a
 * new one), picked as `claimRun` picks (`pickAndLock`), so the shards of
 * an array that start together all pick the same directory. The shard then
 * holds `shards/<I>-of-<N>.lock` — a retried task whose first try still runs
 * is refused — and the run stays shared: each job is claimed by its own lock
 * (`claimJobs`). A run a process without `--shard` is working in is refused:
 * it would clean up and resume every job, the shards' included. Both sides
 * take their lock first and then look for the other's, so of two starting
 * together at least one refuses.
 */
export async function claimShard(configDir: string, hash: string, shard: Shard, options: { cwd: string; notice?: (message: string) => void }): Promise<RunClaim> {
  const shown = (dir: string) => path.relative(options.cwd, dir) || dir;
  const { lock, runDir, previous } = await pickAndLock(configDir, hash, options, (dir) => ({
    file: shardLockFile(dir, shard),
    what: `shard ${shard.index}/${shard.count} of ${shown(dir)}`,
    busyHint: 'that shard is still running (a retried task whose first try has not ended?); its finished jobs are kept either way',
  }));
  const whole = await liveHolder(path.join(runDir, RUN_LOCK));
  if (whole) {
    await lock.release();
    throw new UserError(`${shown(runDir)}: a ple run without --shard is working in it (${whole === 'unreadable' ? 'its run.lock cannot be read' : describeHolder(whole)}); start the shards once it has finished or been stopped`);
  }
  return { runDir, previous, release: lock.release, [Symbol.asyncDispose]: lock.release };
}
