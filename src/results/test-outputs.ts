import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readArrow, writeArrow } from '../data/arrow';
import { DataError } from '../data/errors';
import type { Dataset } from '../data/types';
import type { PackedData } from '../train/types';
import { FILES, jobDir, testSetFile } from './layout';
import type { TestSet } from './types';

/**
 * The test outputs a run keeps for the test-set bootstrap, as Arrow files of
 * Float32 columns (a few bytes a row, not JSON text):
 *
 * - `test-set.arrow`, once per world: `row` (the row's index in the data
 *   file) and per task `label.<task>` and `mask.<task>` (δ);
 * - `predictions.arrow`, per job: `row` and per task `pred.<task>`, the
 *   output the metric scores: the logit for a binary task (probability =
 *   sigmoid), the prediction for a regression task.
 *
 * Both list the test rows in the same order. With `training.save_predictions`
 * a job's `predictions.arrow` is the full file for the user
 * (`prediction-file.ts`): its test rows first, in that order, then its
 * validation rows, with a `split` column and each task's label, mask and
 * probability; the bootstrap reads its test rows.
 */

const KIND = 'kind';

export async function writeTestSet(runDir: string, world: number | undefined, rows: Int32Array, test: PackedData, tasks: readonly string[]): Promise<void> {
  const columns: Record<string, Int32Array | Float32Array> = { row: rows };
  tasks.forEach((task, k) => {
    columns[`label.${task}`] = Float32Array.from({ length: test.rows }, (_, i) => test.labels[i * tasks.length + k]);
    columns[`mask.${task}`] = Float32Array.from({ length: test.rows }, (_, i) => test.masks[i * tasks.length + k]);
  });
  await writeArrow(testSetFile(runDir, world), { rows: test.rows, columns, metadata: { [KIND]: 'ple test set' } });
}

/** One world's test set, or undefined when the run did not keep it. */
export function readTestSet(runDir: string, world: number | undefined, tasks: readonly string[]): TestSet | undefined {
  const file = testSetFile(runDir, world);
  const data = readOptional(file);
  if (!data) return undefined;
  const per = (prefix: string) => Object.fromEntries(tasks.map((t) => [t, column(data.columns, `${prefix}.${t}`, file) as Float32Array]));
  return { rows: data.rows, ids: column(data.columns, 'row', file) as Int32Array, labels: per('label'), masks: per('mask') };
}

/** A job's test outputs per task, checked against the world's test rows; undefined when it kept none. */
export function readPredictions(runDir: string, folder: string, seed: number, world: number | undefined, tasks: readonly string[], ids: Int32Array): Float32Array[] | undefined {
  const file = path.join(jobDir(runDir, folder, seed, world), FILES.predictions);
  const data = readOptional(file);
  if (!data) return undefined;
  const rows = column(data.columns, 'row', file);
  const tests = testRowCount(data, file);
  const n = ids.length;
  if (tests !== n || rows.length < n || rows.subarray(0, n).some((r, i) => r !== ids[i])) {
    throw new DataError(`${file}: its test rows are not the test set's (${tests} rows against ${n}); the run directory is inconsistent`, { file });
  }
  return tasks.map((t) => (column(data.columns, `pred.${t}`, file) as Float32Array).subarray(0, n));
}

/** How many of a predictions file's rows are test rows: all, or those its `split` column says (they come first). */
function testRowCount(data: Dataset, file: string): number {
  const split = data.columns.split;
  const values = data.dictionaries?.split;
  if (split === undefined) return data.rows;
  if (values === undefined) throw new DataError(`${file}: its "split" column is not text`, { file, column: 'split' });
  const test = values.indexOf('test');
  let n = 0;
  while (n < data.rows && split[n] === test) n++;
  for (let i = n; i < data.rows; i++) if (split[i] === test) return -1;
  return n;
}

function readOptional(file: string) {
  return existsSync(file) ? readArrow(file) : undefined;
}

function column(columns: Readonly<Record<string, Int32Array | Float32Array>>, name: string, file: string): Int32Array | Float32Array {
  const c = columns[name];
  if (!c) throw new DataError(`${file}: no column "${name}"`, { file, column: name });
  return c;
}
