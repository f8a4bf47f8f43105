import type { Column, Dataset } from './types';

/**
 * A categorical feature's vocabulary, built from the training rows: every
 * value seen there, most frequent first (ties in text order), gets an id
 * from 1; id 0 stands for any value not seen there (out of vocabulary), so
 * a category that appears only in validation or test rows — or in a new
 * file scored by `ple predict` — maps to 0 instead of failing.
 */

/** The column's values as text: its dictionary, or the decimal text of integer ids. */
export function columnKeys(dataset: Dataset, name: string): { codes: Column; keyOf: (code: number) => string } {
  const codes = dataset.columns[name];
  const dictionary = dataset.dictionaries?.[name];
  return dictionary ? { codes, keyOf: (c) => dictionary[c] } : { codes, keyOf: (c) => String(c) };
}

/** The values of the training rows, most frequent first (id i + 1 is values[i]). */
export function buildVocabulary(dataset: Dataset, name: string, trainRows: Int32Array): string[] {
  const { codes, keyOf } = columnKeys(dataset, name);
  const counts = new Map<number, number>();
  for (const r of trainRows) counts.set(codes[r], (counts.get(codes[r]) ?? 0) + 1);
  return [...counts]
    .map(([code, count]) => ({ key: keyOf(code), count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((e) => e.key);
}

/** Every row's id under `values` (0 for a value outside it). */
export function encodeCategories(dataset: Dataset, name: string, values: readonly string[]): Int32Array {
  const { codes, keyOf } = columnKeys(dataset, name);
  const idOf = new Map(values.map((v, i) => [v, i + 1]));
  const cache = new Map<number, number>();
  const out = new Int32Array(dataset.rows);
  for (let i = 0; i < dataset.rows; i++) {
    let id = cache.get(codes[i]);
    if (id === undefined) cache.set(codes[i], (id = idOf.get(keyOf(codes[i])) ?? 0));
    out[i] = id;
  }
  return out;
}

/** Rows among `rows` whose id is 0 (out of vocabulary). */
export function countUnseen(ids: Column, rows: Int32Array): number {
  let n = 0;
  for (const r of rows) if (ids[r] === 0) n++;
  return n;
}
