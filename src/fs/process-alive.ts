import * as os from 'node:os';

/** Whether a process with this pid runs on this host (one that exists but belongs to another user counts). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When this host last booted: a pid recorded before then names some other process now. */
export function bootTime(): Date {
  return new Date(Date.now() - os.uptime() * 1000);
}
