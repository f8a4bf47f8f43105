import { DataType, Precision, type Data, type Table } from 'apache-arrow';
import { DataError } from './errors';
import { DictionaryBuilder, cellText, type TextColumn } from './text-column';

/**
 * Numbers of one column of a user's Arrow table, as float64, whatever its
 * numeric type (ints of any width, floats, booleans). Non-numeric types are
 * errors; so are nulls, unless `missingOk` (then they read as NaN).
 */
export function arrowColumnValues(table: Table, name: string, file: string, missingOk = false): Float64Array {
  const vector = table.getChild(name);
  if (vector === null) throw new DataError(`${file}: column "${name}" is missing`, { file, column: name });
  const type = vector.type;
  if (!(DataType.isInt(type) || DataType.isFloat(type) || DataType.isBool(type))) {
    throw new DataError(`${file}: column "${name}": expected numbers, the column is ${String(type)}`, { file, column: name });
  }
  const out = new Float64Array(table.numRows);
  let at = 0;
  for (const chunk of vector.data as Data[]) {
    if (chunk.nullCount > 0 && !missingOk) {
      for (let i = 0; i < chunk.length; i++) {
        if (!chunk.getValid(i)) {
          const row = at + i + 1;
          throw new DataError(`${file}: column "${name}", row ${row}: missing value (null)`, { file, column: name, row });
        }
      }
    }
    if (DataType.isBool(type) || (DataType.isFloat(type) && type.precision === Precision.HALF)) {
      // bit-packed booleans and half floats: decode value by value
      for (let i = 0; i < chunk.length; i++) out[at + i] = Number(vector.get(at + i));
    } else {
      const values = chunk.values as ArrayLike<number | bigint>;
      for (let i = 0; i < chunk.length; i++) out[at + i] = Number(values[chunk.offset + i]);
    }
    if (chunk.nullCount > 0) for (let i = 0; i < chunk.length; i++) if (!chunk.getValid(i)) out[at + i] = NaN;
    at += chunk.length;
  }
  return out;
}

/** One column of a user's Arrow table as text (`TextColumn`): strings as written (trimmed), numbers as their decimal text, nulls as "". */
export function arrowColumnTexts(table: Table, name: string, file: string): TextColumn {
  const vector = table.getChild(name);
  if (vector === null) throw new DataError(`${file}: column "${name}" is missing`, { file, column: name });
  const builder = new DictionaryBuilder();
  const codes = new Int32Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) codes[i] = builder.code(cellText(vector.get(i)));
  return { codes, dictionary: builder.dictionary };
}
