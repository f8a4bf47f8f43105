import type { SplitConfig } from '../config/types';
import { DataError, fail } from './errors';
import { Rng } from './random';
import { PART, drawUnits, rowsOf } from './split-draw';
import { showCategory } from './text-column';
import type { Dataset, SplitIndices } from './types';

const NAMES: Record<string, number> = { train: PART.train, validation: PART.validation, test: PART.test };

/**
 * A split the data states: `split.column` holds `train`, `validation` or
 * `test` on every row (any other value is an error naming its row). With
 * `split.validation.fraction` and no row marked `validation`, that fraction
 * of the `train` rows is held out, drawn with `seed`.
 */
export function splitByColumn(dataset: Dataset, split: SplitConfig, seed: number): SplitIndices {
  const name = split.column!;
  const codes = dataset.columns[name];
  const values = dataset.dictionaries?.[name];
  if (!(codes instanceof Int32Array) || values === undefined) throw new DataError(`column "${name}" (split.column): not read as a text column`, { column: name });
  const partOf = values.map((v) => NAMES[v]);
  const parts = new Uint8Array(dataset.rows);
  for (let i = 0; i < dataset.rows; i++) {
    const part = partOf[codes[i]];
    if (part === undefined) fail({ column: name, row: i + 1 }, `${showCategory(values[codes[i]])} is not train, validation or test (split.column)`);
    parts[i] = part;
  }
  if (split.validation) {
    const marked = rowsOf(parts, PART.validation).length;
    if (marked > 0) {
      throw new DataError(`column "${name}" (split.column) already marks ${marked} validation row(s); remove split.validation, or the column's validation rows`, { column: name });
    }
    const train = rowsOf(parts, PART.train);
    const drawn = drawUnits(train, split.validation.fraction, new Rng(`split:${seed}`), dataset.rows);
    for (const i of train) if (drawn[i]) parts[i] = PART.validation;
  }
  return { train: rowsOf(parts, PART.train), validation: rowsOf(parts, PART.validation), test: rowsOf(parts, PART.test) };
}
