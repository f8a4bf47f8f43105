import { readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { parseTempName } from './atomic';
import { processAlive } from './process-alive';

export interface StaleTempOptions {
  /** look into subfolders too (a run directory, which ple owns whole) */
  recursive?: boolean;
  /** only temporaries of these file names (a data file beside the user's own files) */
  of?: readonly string[];
}

/**
 * Removes the temporary files `writeFileAtomic` left in `dir` when its
 * process died mid-write (kill -9, a full disk, a power cut): names of the
 * form `<file>.<pid>.<hex>.tmp` whose pid no longer runs on this host.
 * Another live process's temporaries are left alone. The pid is read as this
 * host's: folders shared by several hosts would need the host in the name.
 * Returns the paths removed.
 */
export async function removeStaleTemps(dir: string, options: StaleTempOptions = {}): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return [];
    throw err;
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (options.recursive) removed.push(...(await removeStaleTemps(full, options)));
      continue;
    }
    const temp = parseTempName(entry.name);
    if (!entry.isFile() || !temp || processAlive(temp.pid)) continue;
    if (options.of && !options.of.includes(temp.file)) continue;
    await rm(full, { force: true });
    removed.push(full);
  }
  return removed;
}
