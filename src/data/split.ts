import { splitKind } from '../config/split-kind';
import type { SplitConfig } from '../config/types';
import { DataError } from './errors';
import { splitByColumn } from './split-column';
import { splitByDays } from './split-days';
import { splitAtRandom } from './split-random';
import type { Dataset, SplitIndices } from './types';

/**
 * The rows of each part of the split (`splitSchema`), in file order: by day,
 * by a split column, or at random. `seed` draws the validation rows of day
 * and column splits (the world's `data.seed`); a random split draws with
 * `split.random.seed`. Nothing here depends on a model seed, so every model
 * and seed of a run trains, selects and tests on the same rows. No test row
 * is ever a training or validation row. `file` names the data in messages.
 */
export function splitRows(dataset: Dataset, split: SplitConfig, seed: number, file?: string): SplitIndices {
  try {
    const kind = splitKind(split);
    const parts = kind === 'days' ? splitByDays(dataset, split, seed) : kind === 'column' ? splitByColumn(dataset, split, seed) : splitAtRandom(dataset, split);
    if (parts.train.length === 0) throw new DataError('split: no training rows are left (check the split and split.validation.fraction)');
    if (parts.test.length === 0 && kind !== 'days') throw new DataError('split: no test rows');
    return parts;
  } catch (err) {
    if (!(err instanceof DataError) || file === undefined || err.file !== undefined) throw err;
    throw new DataError(`${file}: ${err.message}`, { file, column: err.column, row: err.row });
  }
}
