import { splitDays } from '../config/split-kind';
import type { SplitConfig } from '../config/types';
import { DataError } from './errors';
import { Rng } from './random';
import type { Dataset, SplitIndices } from './types';

/**
 * Splits rows by day: test = rows of test_days; validation = a seeded random
 * `fraction` of the rows of validation.days (default: the last train day);
 * train = the other rows of train_days. Rows of other days are unused. A test
 * day can never be a train or validation day, so no test row reaches training
 * or model selection. Indices are in file order.
 */
export function splitByDays(dataset: Dataset, split: SplitConfig, seed: number): SplitIndices {
  const days = splitDays(split);
  const trainDays = new Set(days.train);
  const testDays = new Set(days.test);
  const overlap = [...trainDays].filter((d) => testDays.has(d));
  if (overlap.length > 0) {
    throw new DataError(`split: day ${overlap.join(', ')} is both a train day and a test day; a test day must never be trained on`);
  }
  const validationDays = new Set(days.validation);
  for (const d of validationDays) {
    if (!trainDays.has(d)) throw new DataError(`split.validation.days: day ${d} is not one of split.train_days`);
  }

  const day = dataset.columns.day;
  if (!(day instanceof Int32Array)) throw new DataError('data set has no integer "day" column');
  const candidates: number[] = [];
  const test: number[] = [];
  let trainCount = 0;
  for (let i = 0; i < dataset.rows; i++) {
    const d = day[i];
    if (testDays.has(d)) test.push(i);
    else if (validationDays.has(d)) candidates.push(i);
    else if (trainDays.has(d)) trainCount++;
  }

  // Seeded partial Fisher–Yates: the first `take` candidates become validation rows.
  const take = split.validation ? Math.min(candidates.length, Math.max(1, Math.round(split.validation.fraction * candidates.length))) : 0;
  const rng = new Rng(`split:${seed}`);
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(candidates.length - i);
    const t = candidates[i];
    candidates[i] = candidates[j];
    candidates[j] = t;
  }
  const isValidation = new Uint8Array(dataset.rows);
  for (let i = 0; i < take; i++) isValidation[candidates[i]] = 1;

  const train = new Int32Array(trainCount + candidates.length - take);
  const validation = new Int32Array(take);
  let t = 0;
  let v = 0;
  for (let i = 0; i < dataset.rows; i++) {
    const d = day[i];
    if (isValidation[i]) validation[v++] = i;
    else if (trainDays.has(d) && !testDays.has(d)) train[t++] = i;
  }
  if (train.length === 0) throw new DataError('split: no training rows are left (check split.train_days and split.validation.fraction)');
  if (test.length === 0) throw new DataError(`split: the data has no rows on the test days (${days.test.join(', ')})`);
  return { train, validation, test: Int32Array.from(test) };
}
