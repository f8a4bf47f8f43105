import * as path from 'path';
import { readArrowTable } from './arrow';
import { arrowColumnTexts, arrowColumnValues } from './arrow-columns';
import { readCsv } from './csv';
import { DataError, fail, type Where } from './errors';
import { readParquet } from './parquet';
import type { TextColumn } from './text-column';

/** The columns of a user's file (CSV, Parquet or Arrow), read as numbers or as text. */
export interface RawColumns {
  rows: number;
  names: string[];
  /** numbers of a column; with `missingOk`, empty cells and nulls read as NaN instead of failing */
  values(name: string, missingOk?: boolean): Float64Array;
  /** a column as text (only the columns `openSource` was told about, for CSV and Parquet) */
  texts(name: string): TextColumn;
  /** row i → where it is in the file (CSV rows also carry their line) */
  where(name: string, i: number): Where;
}

export type FileFormat = 'csv' | 'arrow' | 'parquet';

export function formatOf(file: string): FileFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.arrow' || ext === '.feather' || ext === '.ipc' || ext === '.arrows') return 'arrow';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  throw new DataError(`${file}: unknown file type "${ext}"; use .csv, .arrow or .parquet, or set data.file.format`, { file });
}

/** Opens a file's columns; `text` names the columns that will be read as text. */
export async function openSource(file: string, format: FileFormat, label: string, text: ReadonlySet<string>): Promise<RawColumns> {
  if (format === 'csv') return csvSource(file, label, text);
  if (format === 'parquet') return parquetSource(file, label, text);
  return arrowSource(file, label);
}

async function parquetSource(file: string, label: string, text: ReadonlySet<string>): Promise<RawColumns> {
  const pq = await readParquet(file, label, text);
  const where = (name: string, i: number): Where => ({ file: label, column: name, row: i + 1 });
  return {
    rows: pq.rows,
    names: pq.names,
    values(name, missingOk = false) {
      const found = pq.firstText.get(name);
      if (found !== undefined) fail(where(name, found.row), `"${found.text}" is not a number`);
      const missing = pq.firstMissing.get(name);
      if (!missingOk && missing !== undefined) fail(where(name, missing), 'null value (missing)');
      return pq.values.get(name)!;
    },
    texts: (name) => pq.texts.get(name)!,
    where,
  };
}

function csvSource(file: string, label: string, text: ReadonlySet<string>): RawColumns {
  const csv = readCsv(file, text);
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
    texts: (name) => csv.texts.get(name)!,
    where: (name, i) => ({ file: label, column: name, row: i + 1, line: csv.lineOf[i] }),
  };
}

function arrowSource(file: string, label: string): RawColumns {
  const table = readArrowTable(file);
  return {
    rows: table.numRows,
    names: table.schema.fields.map((f) => f.name),
    values: (name, missingOk) => arrowColumnValues(table, name, label, missingOk),
    texts: (name) => arrowColumnTexts(table, name, label),
    where: (name, i) => ({ file: label, column: name, row: i + 1 }),
  };
}
