import * as fs from 'fs';
import { constants } from 'buffer';
import {
  DataType,
  Dictionary,
  Field,
  Float32,
  Int32,
  Precision,
  RecordBatch,
  RecordBatchFileWriter,
  RecordBatchReader,
  Schema,
  Struct,
  Table,
  Utf8,
  makeData,
  tableFromIPC,
  vectorFromArray,
  type Data,
} from 'apache-arrow';
import { writeFileAtomic } from '../fs/atomic';
import { DataError } from './errors';
import type { Column, Dataset } from './types';

/**
 * Arrow IPC file I/O for data sets. Columns are written as non-nullable
 * Int32 / Float32 vectors in one record batch (text columns as
 * `Dictionary<Int32, Utf8>`), with the data set's metadata in the schema
 * metadata. Reading keeps the column buffers as typed-array views
 * into the file's bytes (no per-row objects, no copy when a column is one
 * chunk), so memory is close to the raw column bytes.
 */

/** Writes `dataset` to `file` atomically (temp file + rename). */
export async function writeArrow(file: string, dataset: Dataset): Promise<void> {
  const names = Object.keys(dataset.columns);
  const dictionaries = dataset.dictionaries ?? {};
  const types = names.map((name) => (dictionaries[name] ? new Dictionary(new Utf8(), new Int32()) : arrowType(dataset.columns[name])));
  const fields = names.map((name, i) => new Field(name, types[i], false));
  const schema = new Schema(fields, new Map(Object.entries(dataset.metadata)));
  const children = names.map((name, i) => {
    const values = dataset.columns[name];
    if (values.length !== dataset.rows) {
      throw new RangeError(`column "${name}" has ${values.length} values, expected ${dataset.rows}`);
    }
    const dictionary = dictionaries[name];
    if (!dictionary) return columnData(values);
    return makeData({ type: types[i] as Dictionary<Utf8, Int32>, length: values.length, nullCount: 0, data: values as Int32Array, dictionary: vectorFromArray([...dictionary], new Utf8()) });
  });
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(fields), length: dataset.rows, nullCount: 0, children }),
  );
  // The writer queues views of the column buffers; iterating drains them to disk without one big copy.
  const writer = RecordBatchFileWriter.writeAll(new Table(schema, [batch]));
  await writeFileAtomic(file, writer);
}

/** Reads a file written by `writeArrow` (Int32, Float32 and text dictionary columns only). */
export function readArrow(file: string): Dataset {
  const table = readArrowTable(file);
  const columns: Record<string, Column> = {};
  const dictionaries: Record<string, string[]> = {};
  for (const field of table.schema.fields) {
    const chunks = table.getChild(field.name)!.data;
    const text = textDictionary(field.type, chunks);
    if (text) {
      columns[field.name] = concatChunks(chunks, Int32Array, table.numRows);
      dictionaries[field.name] = text;
      continue;
    }
    const Kind = typedArrayKind(field.type);
    if (Kind === undefined || chunks.some((chunk) => chunk.nullCount > 0)) {
      throw new DataError(
        `${file}: column "${field.name}" is ${String(field.type)}${chunks.some((c) => c.nullCount > 0) ? ' with missing values' : ''}; ` +
          'ple reads Int32 and Float32 columns without nulls here — bring other files in with `ple data import`',
        { file, column: field.name },
      );
    }
    columns[field.name] = concatChunks(chunks, Kind, table.numRows);
  }
  const metadata = Object.fromEntries(table.schema.metadata);
  return Object.keys(dictionaries).length > 0 ? { rows: table.numRows, columns, metadata, dictionaries } : { rows: table.numRows, columns, metadata };
}

/** The values of a one-dictionary text column with Int32 codes and no nulls (as `writeArrow` writes them), else undefined. */
function textDictionary(type: DataType, chunks: readonly Data[]): string[] | undefined {
  if (!DataType.isDictionary(type) || !DataType.isUtf8(type.dictionary) || !(DataType.isInt(type.indices) && type.indices.bitWidth === 32)) return undefined;
  const dictionary = chunks[0]?.dictionary;
  if (!dictionary || chunks.some((c) => c.dictionary !== dictionary || c.nullCount > 0)) return undefined;
  return dictionary.toArray() as string[];
}

/** The Arrow table of any IPC file (file or stream format), read into memory. */
export function readArrowTable(file: string): Table {
  const bytes = readFileBytes(file);
  try {
    return tableFromIPC(bytes);
  } catch (error) {
    throw new DataError(`${file}: not a readable Arrow IPC file (${(error as Error).message})`, { file });
  }
}

/** Only the schema metadata, read from the file footer without loading the columns. */
export async function readArrowMetadata(file: string): Promise<Record<string, string>> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    return Object.fromEntries(reader.schema.metadata);
  } finally {
    await handle.close();
  }
}

/** A zero-copy Arrow Data over the column's buffer. */
function columnData(values: Column): Data {
  return isInt32(values)
    ? makeData({ type: new Int32(), length: values.length, nullCount: 0, data: values })
    : makeData({ type: new Float32(), length: values.length, nullCount: 0, data: values });
}

function arrowType(column: Column): Int32 | Float32 {
  if (isInt32(column)) return new Int32();
  if (Object.prototype.toString.call(column) === '[object Float32Array]') return new Float32();
  throw new TypeError('columns must be Int32Array or Float32Array');
}

/** By tag, not `instanceof`: arrays that arrive from a worker thread may come from another realm's constructors. */
function isInt32(column: Column): column is Int32Array {
  return Object.prototype.toString.call(column) === '[object Int32Array]';
}

/** Read-back types are generic Int / Float instances, so compare bit width and precision. */
function typedArrayKind(type: DataType): typeof Int32Array | typeof Float32Array | undefined {
  if (DataType.isInt(type) && type.bitWidth === 32 && type.isSigned) return Int32Array;
  if (DataType.isFloat(type) && type.precision === Precision.SINGLE) return Float32Array;
  return undefined;
}

/** One column from its chunks: a view when there is one chunk, else one copy. */
function concatChunks(chunks: readonly Data[], Kind: typeof Int32Array | typeof Float32Array, rows: number): Column {
  const view = (chunk: Data): Column => (chunk.values as Column).subarray(chunk.offset, chunk.offset + chunk.length);
  if (chunks.length === 1) return view(chunks[0]);
  const out: Column = Kind === Int32Array ? new Int32Array(rows) : new Float32Array(rows);
  let at = 0;
  for (const chunk of chunks) {
    out.set(view(chunk), at);
    at += chunk.length;
  }
  return out;
}

const MAX_LENGTH = constants.MAX_LENGTH;

/** Whole file into one buffer; read in pieces because one read is limited to 2 GiB. */
function readFileBytes(file: string): Uint8Array {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw new DataError(`${file}: cannot open (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { file });
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size > MAX_LENGTH) {
      const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(1);
      throw new DataError(
        `${file}: ${gib(size)} GiB is more than one Node buffer holds (${gib(MAX_LENGTH)} GiB); generate fewer rows or columns`,
        { file },
      );
    }
    const bytes = Buffer.allocUnsafeSlow(size);
    let at = 0;
    while (at < size) {
      const n = fs.readSync(fd, bytes, at, Math.min(size - at, 1 << 30), at);
      if (n === 0) break;
      at += n;
    }
    return bytes.subarray(0, at);
  } finally {
    fs.closeSync(fd);
  }
}
