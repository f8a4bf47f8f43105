import * as path from 'node:path';
import { removeStaleTemps } from '../fs/stale-temps';
import { UserError } from '../errors';
import { pickAndLock, type PickOptions } from './pick-run';
import { liveShards, RUN_LOCK } from './shard-claim';

export interface RunClaim extends AsyncDisposable {
  runDir: string;
  /** the run being resumed, when there is one */
  previous?: { dir: string; finished: boolean };
  release(): Promise<void>;
}

export type ClaimOptions = PickOptions;

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
  const { lock, runDir, previous } = await pickAndLock(configDir, hash, options, (dir) => ({
    file: path.join(dir, RUN_LOCK),
    what: shown(dir),
    busyHint: 'wait for it to finish, or stop it (its finished jobs are kept) and run again; --fresh starts a separate run',
  }));
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
