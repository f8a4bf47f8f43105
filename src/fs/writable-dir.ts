import { access, constants } from 'node:fs/promises';
import { UserError } from '../errors';
import { makeDirs } from './make-dirs';
import { systemReason } from './regular-file';

/**
 * Makes `dir` if missing and checks that files can be created in it, before
 * any work: a results folder that is a file or read-only fails here, naming
 * the flag and the system's reason, not after the first job has trained.
 */
export async function ensureWritableDir(dir: string, label: string): Promise<string> {
  try {
    await makeDirs(dir);
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    const at = (err as NodeJS.ErrnoException).path;
    throw new UserError(`${label}: cannot write there (${systemReason(err)}${at && at !== dir ? ` at ${at}` : ''})`);
  }
  return dir;
}
