import { kindOf, lstatOrUndefined } from '../fs/regular-file';
import { readArrowMetadata } from './arrow';
import { DataError } from './errors';
import { META } from './format';
import { GENERATORS } from './generators';

const FIX = 'ple writes generated data only to a path that is free or holds an Arrow file ple generated: move that file away or point data.path elsewhere';

/**
 * Throws unless ple may write a generated data set to `file`: nothing is
 * there, or a regular Arrow file whose metadata names one of ple's
 * generators. A text file, the user's own Arrow file, an imported one, a
 * link, a folder or a FIFO stay as they are.
 */
export async function assertReplaceable(file: string, shown: string): Promise<void> {
  const stats = await lstatOrUndefined(file);
  if (!stats) return;
  const where = { file: shown };
  if (!stats.isFile()) throw new DataError(`${shown} (data.path): is ${kindOf(stats)}; ${FIX}`, where);
  let metadata: Record<string, string>;
  try {
    metadata = await readArrowMetadata(file);
  } catch {
    throw new DataError(`${shown} (data.path): exists and is not an Arrow file ple generated (not readable as Arrow); ${FIX}`, where);
  }
  const generator = metadata[META.generator];
  if (generator === undefined || !Object.hasOwn(GENERATORS, generator)) {
    const what = generator ? `its metadata says generator "${generator}"` : 'it carries no ple metadata';
    throw new DataError(`${shown} (data.path): exists and is an Arrow file ple did not generate (${what}); ${FIX}`, where);
  }
}
