import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, unlink, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors';
import { tempName } from './atomic';
import './dispose-symbol';
import { makeDirs } from './make-dirs';
import { ABANDONED_AFTER_MS, describeHolder, readHolder, staleReason, startHeartbeat, type LockHolder } from './lock-holder';

/**
 * An exclusive lock on anything a path can name (a run directory now, one
 * job's folder when several hosts share a run): a lock file created with
 * an atomic exclusive create (a hard link of a complete temporary file, so
 * nobody reads it half-written) that says who holds it. A lock whose
 * process is gone from this host, or that predates this host's last boot,
 * is taken over (and the caller told). Another host's process cannot be
 * seen from here: its holder touches the lock file while it lives
 * (`startHeartbeat`), and its lock is taken over once untouched for
 * ABANDONED_AFTER_MS.
 */

export type { LockHolder };

export interface HeldLock extends AsyncDisposable {
  file: string;
  holder: LockHolder;
  /** removes the lock file if it is still this holder's */
  release(): Promise<void>;
}

export interface LockOptions {
  /** what the lock guards, for messages: "results/tiny/2026…", "data/tiny.arrow" */
  what: string;
  /** wait while a live process of this host holds it, instead of refusing at once */
  wait?: boolean;
  /** what to do about a live holder, in the refusal ("wait for it to finish and try again") */
  busyHint?: string;
  /** told when a stale lock is taken over, and once when waiting starts */
  notice?: (message: string) => void;
}

/** The lock is held by another process (or cannot be read): the message says by whom and what to do. */
export class LockHeldError extends UserError {
  constructor(
    message: string,
    readonly file: string,
    readonly holder?: LockHolder,
  ) {
    super(message);
    this.name = 'LockHeldError';
  }
}

const held = new Map<string, string>();
let exitHookInstalled = false;

/** A process that exits while holding locks (a second Ctrl-C) removes them on its way out. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [file, token] of held) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as LockHolder).token === token) unlinkSync(file);
      } catch {
        // gone already, or another's: nothing of ours to remove
      }
    }
  });
}

/** This process's command line, as a holder shows it: `ple run configs/x.yaml --jobs 2`. */
function thisCommand(): string {
  const script = process.argv[1] ? path.basename(process.argv[1]) : path.basename(process.execPath);
  return [script, ...process.argv.slice(2)].join(' ');
}

/** Creates `file` holding `holder`, atomically; false when it exists. */
async function create(file: string, holder: LockHolder): Promise<boolean> {
  const text = `${JSON.stringify(holder, null, 2)}\n`;
  const tmp = tempName(file);
  await writeFile(tmp, text, { flag: 'wx' });
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  // a file system without hard links: an exclusive create, written at once
  try {
    const handle = await open(file, 'wx');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Removes `file` if it still holds the stale `holder`. Two processes may see
 * the same stale lock at once: a second lock file (`<file>.takeover`)
 * decides which of them removes it, so neither removes the other's new lock.
 */
async function takeOver(file: string, stale: LockHolder, mine: LockHolder): Promise<boolean> {
  const guard = `${file}.takeover`;
  if (!(await create(guard, mine))) {
    const other = await readHolder(guard);
    if (other !== 'missing' && other !== 'unreadable' && (await staleReason(guard, other))) await unlink(guard).catch(() => undefined);
    return false;
  }
  try {
    const now = await readHolder(file);
    if (now !== 'missing' && now !== 'unreadable' && now.token === stale.token) await unlink(file).catch(() => undefined);
    return true;
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

/**
 * Takes the lock at `file` (its folder is made if missing). A live holder
 * (of this host or another): waits with `wait`, else throws LockHeldError
 * naming it. A lock file ple cannot read: throws, saying how to clear it by
 * hand.
 */
export async function acquireLock(file: string, options: LockOptions): Promise<HeldLock> {
  const mine: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    started_at: new Date().toISOString(),
    command: thisCommand(),
    token: randomBytes(8).toString('hex'),
  };
  await makeDirs(path.dirname(file));
  let waitingSaid = false;
  let pause = 50;
  for (;;) {
    if (await create(file, mine)) break;
    const current = await readHolder(file);
    if (current === 'missing') continue;
    if (current === 'unreadable') {
      throw new LockHeldError(`${options.what}: locked by ${file}, which is not a lock ple can read; if no ple works there, remove that file and try again`, file);
    }
    const stale = await staleReason(file, current);
    if (stale) {
      if (await takeOver(file, current, mine)) options.notice?.(`took over the lock of ${options.what} (${file}): ${stale} (it ran "${current.command}")`);
      else await sleep(20); // another process is taking it over
      continue;
    }
    if (!options.wait && current.host !== mine.host) {
      const abandoned = `${ABANDONED_AFTER_MS / 60_000} minutes`;
      throw new LockHeldError(
        `${options.what}: locked by ${describeHolder(current)}; ple cannot see another host's processes: if that one is gone, its lock is taken over once it has not been refreshed for ${abandoned} (or remove ${file})`,
        file,
        current,
      );
    }
    if (!options.wait) {
      throw new LockHeldError(`${options.what}: in use by another ple (${describeHolder(current)}); ${options.busyHint ?? 'wait for it to finish and try again'}`, file, current);
    }
    if (!waitingSaid) options.notice?.(`waiting for ${describeHolder(current)} to finish with ${options.what}`);
    waitingSaid = true;
    await sleep(pause);
    pause = Math.min(1000, pause * 2);
  }
  held.set(file, mine.token);
  installExitHook();
  const stopHeartbeat = startHeartbeat(file, () => held.get(file) === mine.token);
  const release = async () => {
    if (held.get(file) !== mine.token) return;
    held.delete(file);
    stopHeartbeat();
    const now = await readHolder(file);
    if (now !== 'missing' && now !== 'unreadable' && now.token === mine.token) await unlink(file).catch(() => undefined);
  };
  return { file, holder: mine, release, [Symbol.asyncDispose]: release };
}
