import { rename } from 'node:fs/promises';
import { readJob } from '../results/job-files';
import { jobDir } from '../results/layout';
import { CorruptResultError } from '../results/read-json';
import type { StoredJob } from '../results/types';

/**
 * A finished job of the run being resumed, or undefined when it is to be
 * trained. A job whose files are damaged is moved aside, kept as
 * `seed-<n>.damaged-<time>` beside its folder, and said so, then trained again.
 */
export async function readFinishedJob(runDir: string, folder: string, model: string, seed: number, world: number | undefined, notice: (message: string) => void): Promise<StoredJob | undefined> {
  try {
    return await readJob(runDir, folder, model, seed, world);
  } catch (err) {
    if (!(err instanceof CorruptResultError)) throw err;
    const dir = jobDir(runDir, folder, seed, world);
    const aside = `${dir}.damaged-${new Date().toISOString().replace(/[:.]/g, '')}`;
    await rename(dir, aside);
    notice(`${err.file}: ${err.reason}; moved the job's files to ${aside} and training it again`);
    return undefined;
  }
}
