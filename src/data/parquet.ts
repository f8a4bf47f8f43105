import { DataError } from './errors';
import { DictionaryBuilder, cellText, type TextColumn } from './text-column';

/**
 * Parquet through hyparquet (pure JavaScript, maintained). hyparquet ships
 * only as an ES module and this package is CommonJS, so it is loaded with a
 * real dynamic `import()`, kept out of TypeScript's reach (which would turn
 * it into `require`).
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

interface Hyparquet {
  asyncBufferFromFile(file: string): Promise<unknown>;
  parquetMetadataAsync(file: unknown): Promise<{ num_rows: bigint | number; schema: { name: string; num_children?: number }[] }>;
  parquetRead(options: {
    file: unknown;
    metadata: unknown;
    onChunk: (chunk: { columnName: string; columnData: ArrayLike<unknown>; rowStart: number }) => void;
  }): Promise<void>;
}

/** The columns of a flat Parquet file as numbers; NaN where a cell is null or not numeric, with the first such row remembered. */
export interface ParquetColumns {
  rows: number;
  names: string[];
  values: Map<string, Float64Array>;
  /** 0-based row of the first null, per column */
  firstMissing: Map<string, number>;
  /** 0-based row and text of the first non-numeric cell, per column */
  firstText: Map<string, { row: number; text: string }>;
  /** the columns asked for as text */
  texts: Map<string, TextColumn>;
}

export async function readParquet(file: string, label: string, text: ReadonlySet<string> = new Set()): Promise<ParquetColumns> {
  let hp: Hyparquet;
  try {
    hp = (await importEsm('hyparquet')) as Hyparquet;
  } catch (err) {
    throw new DataError(`${label}: cannot load the Parquet reader (${(err as Error).message})`, { file: label });
  }
  let metadata: Awaited<ReturnType<Hyparquet['parquetMetadataAsync']>>;
  let buffer: unknown;
  try {
    buffer = await hp.asyncBufferFromFile(file);
    metadata = await hp.parquetMetadataAsync(buffer);
  } catch (err) {
    throw new DataError(`${label}: not a readable Parquet file (${(err as Error).message})`, { file: label });
  }
  const nested = metadata.schema.slice(1).find((s) => (s.num_children ?? 0) > 0);
  if (nested) throw new DataError(`${label}: column "${nested.name}" is nested; ple reads flat Parquet files`, { file: label, column: nested.name });
  const rows = Number(metadata.num_rows);
  const names = metadata.schema.slice(1).map((s) => s.name);
  const values = new Map(names.map((n) => [n, new Float64Array(rows)]));
  const firstMissing = new Map<string, number>();
  const firstText = new Map<string, { row: number; text: string }>();
  const builders = new Map(names.filter((n) => text.has(n)).map((n) => [n, { builder: new DictionaryBuilder(), codes: new Int32Array(rows) }]));
  await hp.parquetRead({
    file: buffer,
    metadata,
    onChunk: ({ columnName, columnData, rowStart }) => {
      const out = values.get(columnName)!;
      const kept = builders.get(columnName);
      for (let i = 0; i < columnData.length && rowStart + i < rows; i++) {
        const v = columnData[i];
        const row = rowStart + i;
        if (kept) kept.codes[row] = kept.builder.code(cellText(v));
        let x = NaN;
        if (typeof v === 'number') x = v;
        else if (typeof v === 'bigint') x = Number(v);
        else if (typeof v === 'boolean') x = v ? 1 : 0;
        else if (v === null || v === undefined) {
          if (!firstMissing.has(columnName) || firstMissing.get(columnName)! > row) firstMissing.set(columnName, row);
        } else if (!firstText.has(columnName) || firstText.get(columnName)!.row > row) firstText.set(columnName, { row, text: String(v) });
        out[row] = x;
      }
    },
  });
  const texts = new Map([...builders].map(([n, b]) => [n, { codes: b.codes, dictionary: b.builder.dictionary }]));
  return { rows, names, values, firstMissing, firstText, texts };
}
