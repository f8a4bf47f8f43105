import type { SplitConfig } from '../config/types';
import { DataError } from './errors';
import { Rng } from './random';
import { PART, drawUnits, rowsOf } from './split-draw';
import type { Dataset, SplitIndices } from './types';

/**
 * A seeded random split (`split.random`): `test` of the rows are the test
 * set, then `split.validation.fraction` of the others the validation set,
 * drawn with `split.random.seed`. With `group`, whole groups are drawn (every
 * row of a user in one part), so the fractions are of groups.
 */
export function splitAtRandom(dataset: Dataset, split: SplitConfig): SplitIndices {
  const random = split.random!;
  const rng = new Rng(`split-random:${random.seed}`);
  const { unitOf, units } = unitsOf(dataset, random.group);
  const all = Int32Array.from({ length: units }, (_, u) => u);
  const test = drawUnits(all, random.test, rng, units);
  const rest = all.filter((u) => !test[u]);
  const validation = split.validation ? drawUnits(rest, split.validation.fraction, rng, units) : new Uint8Array(units);
  const parts = new Uint8Array(dataset.rows);
  for (let i = 0; i < dataset.rows; i++) {
    const u = unitOf(i);
    parts[i] = test[u] ? PART.test : validation[u] ? PART.validation : PART.train;
  }
  return { train: rowsOf(parts, PART.train), validation: rowsOf(parts, PART.validation), test: rowsOf(parts, PART.test) };
}

/** What is drawn: each row, or each distinct value of the group column. */
function unitsOf(dataset: Dataset, group: string | undefined): { unitOf: (row: number) => number; units: number } {
  if (group === undefined) return { unitOf: (i) => i, units: dataset.rows };
  const column = dataset.columns[group];
  if (column === undefined) throw new DataError(`column "${group}" (split.random.group): missing`, { column: group });
  const values = dataset.dictionaries?.[group];
  if (values !== undefined) return { unitOf: (i) => column[i], units: values.length };
  // integer ids (generated data): each distinct id is a group, numbered in order of first appearance
  const index = new Map<number, number>();
  const unit = new Int32Array(dataset.rows);
  for (let i = 0; i < dataset.rows; i++) {
    let u = index.get(column[i]);
    if (u === undefined) index.set(column[i], (u = index.size));
    unit[i] = u;
  }
  return { unitOf: (i) => unit[i], units: index.size };
}
