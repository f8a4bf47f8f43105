import * as path from 'path';
import type { Config } from '../config/types';
import { readArrowTable } from './arrow';
import { arrowColumnValues } from './arrow-columns';
import { checkKind, checkSplitDays, checkValues, columnNeeds, describeDays, rolesOf } from './check';
import { readCsv } from './csv';
import { readParquet } from './parquet';
import { DataError, fail, type Where } from './errors';
import { FORMAT_VERSION, META } from './format';
import type { Column, Dataset } from './types';

/**
 * Imports a user's own log (CSV or Arrow) as a data set, checked against the
 * config: the day column and every feature, label and mask column the config
 * names. The first problem is thrown as a DataError naming the file, column
 * and row. Parquet is read through hyparquet (`parquet.ts`).
 */

type ImportConfig = Pick<Config, 'data' | 'features' | 'tasks' | 'split'>;

/** A source of numeric columns: a parsed CSV or an Arrow table. */
interface RawColumns {
  rows: number;
  names: string[];
  /** numbers of a column; with `missingOk`, empty cells and nulls read as NaN instead of failing */
  values(name: string, missingOk?: boolean): Float64Array;
  /** row i → where it is in the file (CSV rows also carry their line) */
  where(name: string, i: number): Where;
}

export async function importFile(file: string, config: ImportConfig, label = file): Promise<Dataset> {
  const format = config.data.file?.format ?? formatOf(file);
  const raw =
    format === 'csv' ? csvSource(file, label) : format === 'parquet' ? await parquetSource(file, label) : arrowSource(file, label);
  return buildDataset(raw, config, label);
}

export function formatOf(file: string): 'csv' | 'arrow' | 'parquet' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.arrow' || ext === '.feather' || ext === '.ipc' || ext === '.arrows') return 'arrow';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  throw new DataError(`${file}: unknown file type "${ext}"; use .csv, .arrow or .parquet, or set data.file.format`, { file });
}

async function parquetSource(file: string, label: string): Promise<RawColumns> {
  const pq = await readParquet(file, label);
  const where = (name: string, i: number): Where => ({ file: label, column: name, row: i + 1 });
  return {
    rows: pq.rows,
    names: pq.names,
    values(name, missingOk = false) {
      const text = pq.firstText.get(name);
      if (text !== undefined) fail(where(name, text.row), `"${text.text}" is not a number`);
      const missing = pq.firstMissing.get(name);
      if (!missingOk && missing !== undefined) fail(where(name, missing), 'null value (missing)');
      return pq.values.get(name)!;
    },
    where,
  };
}

function csvSource(file: string, label: string): RawColumns {
  const csv = readCsv(file);
  return {
    rows: csv.rows,
    names: csv.header,
    values(name, missingOk = false) {
      const bad = missingOk ? csv.firstText.get(name) : csv.firstBad.get(name);
      if (bad !== undefined) {
        fail(this.where(name, bad.row - 1), bad.text === '' ? 'empty value (missing)' : `"${bad.text}" is not a number`);
      }
      return csv.values.get(name)!;
    },
    where: (name, i) => ({ file: label, column: name, row: i + 1, line: csv.lineOf[i] }),
  };
}

function arrowSource(file: string, label: string): RawColumns {
  const table = readArrowTable(file);
  return {
    rows: table.numRows,
    names: table.schema.fields.map((f) => f.name),
    values: (name, missingOk) => arrowColumnValues(table, name, label, missingOk),
    where: (name, i) => ({ file: label, column: name, row: i + 1 }),
  };
}

function buildDataset(raw: RawColumns, config: ImportConfig, file: string): Dataset {
  if (raw.rows === 0) throw new DataError(`${file}: no data rows`, { file });
  const dayName = config.data.file?.day_column ?? 'day';
  const needs = columnNeeds(config);
  for (const name of [dayName, ...needs.map((n) => n.name)]) {
    if (!raw.names.includes(name)) {
      const role = name === dayName ? 'the day column (data.file.day_column)' : needs.find((n) => n.name === name)!.role;
      fail({ file, column: name }, `missing (needed as ${role}); the file has: ${raw.names.join(', ')}`);
    }
  }

  const maskOf = maskedLabels(config);
  const columns: Record<string, Column> = { day: dayColumn(raw, dayName, config.split, file) };
  for (const need of needs) {
    if (columns[need.name] !== undefined) {
      checkKind(columns[need.name], need, file);
      checkValues(columns[need.name], need, (i) => raw.where(need.name, i));
      continue;
    }
    const mask = maskOf.get(need.name);
    const values = raw.values(need.name, mask !== undefined);
    if (mask !== undefined) fillUnmasked(values, raw.values(mask), mask, (i) => raw.where(need.name, i));
    checkValues(values, need, (i) => raw.where(need.name, i));
    columns[need.name] = need.kind === 'categorical' ? Int32Array.from(values) : Float32Array.from(values);
  }
  return {
    rows: raw.rows,
    columns,
    metadata: {
      [META.generator]: 'file',
      [META.sourceFile]: path.basename(file),
      [META.formatVersion]: FORMAT_VERSION,
      [META.roles]: JSON.stringify(rolesOf(config)),
    },
  };
}

/**
 * Labels that may be missing where their mask is 0 (VCR of an unclicked
 * impression): label → mask, for columns used only as labels of tasks that
 * share one mask.
 */
function maskedLabels(config: ImportConfig): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of new Set(config.tasks.map((t) => t.label))) {
    const masks = new Set(config.tasks.filter((t) => t.label === name).map((t) => t.mask));
    const [mask] = masks;
    const otherUse =
      config.features.numeric.includes(name) ||
      config.features.categorical.some((f) => f.name === name) ||
      config.tasks.some((t) => t.mask === name);
    if (masks.size === 1 && mask !== undefined && !otherUse) out.set(name, mask);
  }
  return out;
}

/** Missing labels (NaN) become 0 where the mask is 0; where it is 1 they are an error. */
function fillUnmasked(values: Float64Array, mask: Float64Array, maskName: string, where: (i: number) => Where): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i])) continue;
    if (mask[i] === 0) values[i] = 0;
    else fail(where(i), `missing value, but mask "${maskName}" is ${mask[i]} on this row (a label may be empty only where its mask is 0)`);
  }
}

/** The day column as Int32, each value a whole day listed in the config's split. */
function dayColumn(raw: RawColumns, name: string, split: Config['split'], file: string): Int32Array {
  const values = raw.values(name);
  const allowed = new Set([...split.train_days, ...split.test_days, ...(split.validation?.days ?? [])]);
  const out = new Int32Array(raw.rows);
  for (let i = 0; i < raw.rows; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 1) fail(raw.where(name, i), `day must be a whole number >= 1, got ${v}`);
    if (!allowed.has(v)) {
      fail(raw.where(name, i), `day ${v} is not one of the config's split days (${describeDays([...allowed])})`);
    }
    out[i] = v;
  }
  checkSplitDays(out, split, file);
  return out;
}
