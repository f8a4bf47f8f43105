import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { makeDirs } from './make-dirs';

type Content = string | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** The temporary file beside `file` that a write goes through: `${file}.${pid}.${8 hex}.tmp`. */
export function tempName(file: string, pid = process.pid): string {
  return `${file}.${pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** The file and writer's pid of a name `tempName` made, or undefined for any other name. */
export function parseTempName(name: string): { file: string; pid: number } | undefined {
  const m = /^(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
  return m ? { file: m[1], pid: Number(m[2]) } : undefined;
}

/**
 * Writes a file so that readers only ever see the old bytes or the complete
 * new ones: write a temporary file beside it (same file system, so the rename
 * is atomic), flush it to disk, then rename. A crash or Ctrl-C mid-write
 * leaves at most a stray `*.tmp` (removed by `removeStaleTemps` once its
 * writer is gone), never a torn file.
 */
export async function writeFileAtomic(file: string, content: Content): Promise<void> {
  await makeDirs(path.dirname(file));
  const tmp = tempName(file);
  try {
    const handle = await open(tmp, 'w');
    try {
      if (typeof content === 'string' || content instanceof Uint8Array) await handle.writeFile(content);
      else for await (const chunk of content) await handle.write(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
