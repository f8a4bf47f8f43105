import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';

/** What a path is, in words, for messages: "a directory", "a FIFO (named pipe)", … */
export function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** `EACCES: permission denied` from a system error, else its message. */
export function systemReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (!e?.code) return String(e?.message ?? err);
  const text = /^[A-Z]+: ([^,]+)/.exec(e.message ?? '')?.[1];
  return text ? `${e.code}: ${text}` : e.code;
}

/**
 * Why `file` cannot be read as a file, or undefined when it is a regular
 * file (a symbolic link to one counts). Only `stat`s, never opens: opening
 * a FIFO blocks until a writer comes, and a device can be endless.
 */
export async function notRegularFile(file: string): Promise<string | undefined> {
  let stats: Stats;
  try {
    stats = await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'no such file';
    return `cannot read (${systemReason(err)})`;
  }
  return stats.isFile() ? undefined : `is ${kindOf(stats)}, expected a regular file`;
}

/** The path's own stats without following a link, or undefined when nothing is there. */
export async function lstatOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await lstat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
