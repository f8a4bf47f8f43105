import { DataError } from '../data/errors';
import { kindOf, lstatOrUndefined } from '../fs/regular-file';
import { sameFile } from '../fs/same-file';

/**
 * Refuses an output path a command must not write: one of its inputs (the
 * same file by any path), something that is not a file, or an existing
 * file without `force`. `shown` names the path and its flag in messages
 * (`out.arrow (--out)`).
 */
export async function checkOutputFile(out: string, shown: string, inputs: readonly { file: string; what: string }[], force: boolean | undefined): Promise<void> {
  for (const input of inputs) {
    if (out === input.file || (await sameFile(out, input.file))) throw new DataError(`${shown}: is ${input.what}; choose another --out`, { file: shown });
  }
  const existing = await lstatOrUndefined(out);
  if (!existing) return;
  if (!existing.isFile()) throw new DataError(`${shown}: is ${kindOf(existing)}; --out must name a file`, { file: shown });
  if (!force) throw new DataError(`${shown}: exists; add --force to replace it, or choose another --out`, { file: shown });
}
