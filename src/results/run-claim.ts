import * as path from 'node:path';
import { acquireLock, type HeldLock } from '../fs/lock';
import { makeDirs } from '../fs/make-dirs';
import { removeStaleTemps } from '../fs/stale-temps';
import { UserError } from '../errors';
import { findRun, freshRunDir } from './run-dir';
import { liveShards, RUN_LOCK } from './shard-claim';

export interface RunClaim extends AsyncDisposable {
  runDir: string;
  /** the run being resumed, when there is one */
  previous?: { dir: string; finished: boolean };
  release(): Promise<void>;
}

export interface ClaimOptions {
  /** start a new run even when one of the same config exists */
  fresh?: boolean;
  /** paths in messages are shown relative to this */
  cwd: string;
  notice?: (message: string) => void;
}

/**
 * Picks the run directory a `ple run` works in — the newest run of the same
 * config, to resume, or a new one — and locks it (`run.lock`) until
 * released. A second process on a locked run is refused at once, naming the
 * holder: waiting would only make it resume a finished run or retrain what
 * the first is training. Picking is serialised per config hash by a short
 * lock beside the runs, so two processes started together pick the same run
 * and one of them is refused, instead of each starting a run of its own.
 * A dead holder's lock is taken over, and its stray temporary files removed.
 * A run that shards are filling (`claimShard`) is refused while any is live.
 */
export async function claimRun(configDir: string, hash: string, options: ClaimOptions): Promise<RunClaim> {
  const shown = (dir: string) => path.relative(options.cwd, dir) || dir;
  const pick = await acquireLock(path.join(configDir, `.pick-${hash}.lock`), { what: `${shown(configDir)} (picking a run)`, wait: true, notice: options.notice });
  let lock: HeldLock;
  let previous: RunClaim['previous'];
  try {
    previous = options.fresh ? undefined : await findRun(configDir, hash);
    const runDir = previous?.dir ?? (await freshRunDir(configDir, hash));
    await makeDirs(runDir);
    lock = await acquireLock(path.join(runDir, RUN_LOCK), {
      what: shown(runDir),
      notice: options.notice,
      busyHint: 'wait for it to finish, or stop it (its finished jobs are kept) and run again; --fresh starts a separate run',
    });
  } finally {
    await pick.release();
  }
  const runDir = path.dirname(lock.file);
  const shards = await liveShards(runDir);
  if (shards.length > 0) {
    await lock.release();
    const which = shards.map((s) => `${s.shard} (${s.holder})`).join(', ');
    throw new UserError(`${shown(runDir)}: shards of this run are working in it: ${which}; let them finish (\`ple status ${shown(runDir)}\`), or --fresh starts a separate run`);
  }
  const removed = await removeStaleTemps(runDir, { recursive: true });
  if (removed.length > 0) options.notice?.(`removed ${removed.length} temporary file(s) a stopped run left in ${shown(runDir)}`);
  return { runDir, previous, release: lock.release, [Symbol.asyncDispose]: lock.release };
}
