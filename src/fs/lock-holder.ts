import { readFile, stat, utimes } from 'node:fs/promises';
import * as os from 'node:os';
import { bootTime, processAlive } from './process-alive';

/** Who holds a lock, as its lock file says. */
export interface LockHolder {
  pid: number;
  host: string;
  started_at: string;
  /** what the holder runs, e.g. `ple run configs/vtr-vcr.yaml` */
  command: string;
  /** tells this holder's lock from a later one of the same pid */
  token: string;
}

/**
 * How often a holder touches its lock file, and after how long without a
 * touch a lock of another host counts as abandoned. Another host's process
 * cannot be seen from here (a shard on another node of a cluster sharing
 * the run directory), so its lock says it is alive by its modification
 * time: a node that died, or a task killed with SIGKILL, stops touching it,
 * and a retried task on another node takes it over once it is this old.
 * The margin is wide for clocks that differ between hosts and for a holder
 * busy in one long step.
 */
export const HEARTBEAT_MS = 30_000;
export const ABANDONED_AFTER_MS = 10 * 60_000;

export function describeHolder(h: LockHolder): string {
  const where = h.host === os.hostname() ? 'this host' : `host "${h.host}"`;
  return `pid ${h.pid} on ${where}, since ${h.started_at}, running "${h.command}"`;
}

export async function readHolder(file: string): Promise<LockHolder | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    return Number.isSafeInteger(h.pid) && typeof h.host === 'string' && typeof h.token === 'string' ? h : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Why the holder of `file` no longer holds anything, or undefined while it may. */
export async function staleReason(file: string, h: LockHolder, now = Date.now()): Promise<string | undefined> {
  if (h.host !== os.hostname()) {
    const touched = await stat(file).then(
      (s) => s.mtimeMs,
      () => undefined,
    );
    if (touched === undefined || now - touched < ABANDONED_AFTER_MS) return undefined;
    return `host "${h.host}" has not refreshed it for ${Math.round((now - touched) / 60_000)} minutes (its process or host is gone)`;
  }
  if (!processAlive(h.pid)) return `pid ${h.pid} no longer runs`;
  const started = Date.parse(h.started_at);
  if (Number.isFinite(started) && started < bootTime().getTime()) return `it was taken before this host last booted`;
  return undefined;
}

/** Touches `file` every HEARTBEAT_MS while `stillMine()`; the returned function stops it. Never keeps the process alive. */
export function startHeartbeat(file: string, stillMine: () => boolean): () => void {
  const timer = setInterval(() => {
    if (!stillMine()) return;
    const now = new Date();
    utimes(file, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** The holder of the lock at `file` while it holds it; undefined when nobody does (no file, or a stale one). A file ple cannot read counts as held. */
export async function liveHolder(file: string): Promise<LockHolder | 'unreadable' | undefined> {
  const h = await readHolder(file);
  if (h === 'missing') return undefined;
  if (h === 'unreadable') return h;
  return (await staleReason(file, h)) ? undefined : h;
}
