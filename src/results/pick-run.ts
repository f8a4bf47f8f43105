import * as path from 'node:path';
import { acquireLock, type HeldLock } from '../fs/lock';
import { makeDirs } from '../fs/make-dirs';
import { findRun, freshRunDir } from './run-dir';

export interface PickOptions {
  /** start a new run even when one of the same config exists */
  fresh?: boolean;
  /** paths in messages are shown relative to this */
  cwd: string;
  notice?: (message: string) => void;
}

/** The short lock that serialises picking a run of one config (hash) under `configDir`. */
export function pickLockFile(configDir: string, hash: string): string {
  return path.join(configDir, `.pick-${hash}.lock`);
}

/**
 * The run a process works in — the newest of this config (unless `fresh`) or
 * a new one — picked under a short lock per config hash, and the lock
 * `lockFor(runDir)` names taken on it before the pick lock is let go (refused
 * at once when another process holds it).
 */
export async function pickAndLock(
  configDir: string,
  hash: string,
  options: PickOptions,
  lockFor: (runDir: string) => { file: string; what: string; busyHint: string },
): Promise<{ lock: HeldLock; runDir: string; previous?: { dir: string; finished: boolean } }> {
  const shown = path.relative(options.cwd, configDir) || configDir;
  const pick = await acquireLock(pickLockFile(configDir, hash), { what: `${shown} (picking a run)`, wait: true, notice: options.notice });
  try {
    const previous = options.fresh ? undefined : await findRun(configDir, hash);
    const runDir = previous?.dir ?? (await freshRunDir(configDir, hash));
    await makeDirs(runDir);
    const { file, ...rest } = lockFor(runDir);
    return { lock: await acquireLock(file, { ...rest, notice: options.notice }), runDir, previous };
  } finally {
    await pick.release();
  }
}
