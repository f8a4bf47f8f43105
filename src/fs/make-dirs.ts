import { mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * `mkdir -p` that always ends: Node 20's `mkdir(dir, { recursive: true })`
 * spins forever where a parent exists but refuses children with ENOENT
 * (`/proc/x/y`). Each missing level is made once, parents first; the first
 * refusal is thrown as the system error (code, path), and a part of the path
 * that exists but is no directory throws ENOTDIR naming that part.
 */
export async function makeDirs(dir: string): Promise<void> {
  const absolute = path.resolve(dir);
  try {
    await mkdir(absolute);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return assertDirectory(absolute);
    const parent = path.dirname(absolute);
    if (code !== 'ENOENT' || parent === absolute) throw err;
  }
  await makeDirs(path.dirname(absolute));
  try {
    await mkdir(absolute);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return assertDirectory(absolute);
    throw err;
  }
}

async function assertDirectory(dir: string): Promise<void> {
  if ((await stat(dir)).isDirectory()) return;
  throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', errno: -20, syscall: 'mkdir', path: dir });
}
