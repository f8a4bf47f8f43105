import type { Column, Dataset, DatasetRoles } from './types';

/**
 * A summary of a data set for `ple data inspect`. Column roles come from the
 * file's `roles` metadata when ple wrote it; otherwise Int32 columns count as
 * categorical, 0/1 Float32 columns as binary and the rest as numeric.
 */
export interface InspectResult {
  file: string;
  rows: number;
  /** generator name or "file" */
  source: string;
  seed?: string;
  rowsPerDay: { day: number; rows: number }[];
  /** binary labels: positive rate over all rows, and over the rows of its usual mask */
  binary: { name: string; rate: number; mask?: string; maskedRate?: number }[];
  /** regression labels and numeric features */
  numeric: { name: string; role: 'label' | 'feature'; min: number; mean: number; max: number; mask?: string; maskedMean?: number }[];
  /** share of rows where each mask is 1 */
  masks: { name: string; coverage: number }[];
  /** distinct values in the file; `max` the largest id of an integer column; with a config, the vocabulary size and the rows of each part whose value is not in it */
  categorical: { name: string; distinct: number; max?: number; vocab?: number; unseen?: { validation: number; test: number } }[];
  /** with a config: the rows of each part of its split, the transform of each numeric feature, and warnings */
  split?: { description: string; train: number; validation: number; test: number };
  transforms?: { name: string; transform: string; mean?: number; sd?: number }[];
  warnings?: string[];
}

export function inspectDataset(dataset: Dataset, file: string): InspectResult {
  const roles = rolesFromMetadata(dataset) ?? inferRoles(dataset);
  const cols = dataset.columns;
  const labelMasks = roles.label_masks ?? {};
  const present = (name: string) => cols[name] !== undefined;

  const perDay = new Map<number, number>();
  const day = cols.day;
  if (day !== undefined) for (let i = 0; i < day.length; i++) perDay.set(day[i], (perDay.get(day[i]) ?? 0) + 1);

  const masked = (name: string) => {
    const mask = labelMasks[name];
    return mask !== undefined && present(mask) ? { mask, ...stats(cols[name], cols[mask]) } : undefined;
  };
  return {
    file,
    rows: dataset.rows,
    source: dataset.metadata.generator ?? 'unknown',
    seed: dataset.metadata.seed,
    rowsPerDay: [...perDay].sort((a, b) => a[0] - b[0]).map(([d, rows]) => ({ day: d, rows })),
    binary: roles.binary.filter(present).map((name) => {
      const m = masked(name);
      return { name, rate: stats(cols[name]).mean, mask: m?.mask, maskedRate: m?.mean };
    }),
    numeric: [
      ...roles.regression.filter(present).map((name) => {
        const m = masked(name);
        return { name, role: 'label' as const, ...stats(cols[name]), mask: m?.mask, maskedMean: m?.mean };
      }),
      ...roles.numeric.filter(present).map((name) => ({ name, role: 'feature' as const, ...stats(cols[name]) })),
    ],
    masks: roles.masks.filter(present).map((name) => ({ name, coverage: stats(cols[name]).mean })),
    categorical: roles.categorical
      .filter((c) => present(c.name))
      .map((c) => {
        const dictionary = dataset.dictionaries?.[c.name];
        return { name: c.name, vocab: c.vocab, ...(dictionary ? { distinct: dictionary.length } : cardinality(cols[c.name])) };
      }),
  };
}

function rolesFromMetadata(dataset: Dataset): DatasetRoles | undefined {
  const text = dataset.metadata.roles;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as DatasetRoles;
  } catch {
    return undefined;
  }
}

function inferRoles(dataset: Dataset): DatasetRoles {
  const roles: DatasetRoles = { categorical: [], numeric: [], binary: [], regression: [], masks: [] };
  for (const [name, column] of Object.entries(dataset.columns)) {
    if (name === 'day') continue;
    if (dataset.dictionaries?.[name]) roles.categorical.push({ name });
    else if (column instanceof Int32Array) roles.categorical.push({ name, vocab: 0 });
    else if (column.every((v) => v === 0 || v === 1)) roles.binary.push(name);
    else roles.numeric.push(name);
  }
  for (const c of roles.categorical) if (c.vocab !== undefined) c.vocab = cardinality(dataset.columns[c.name]).max + 1;
  return roles;
}

/** min, mean, max over rows where `mask` (if given) is 1 */
function stats(column: Column, mask?: Column): { min: number; mean: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < column.length; i++) {
    if (mask !== undefined && mask[i] !== 1) continue;
    const v = column[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
  }
  return { min, mean: n > 0 ? sum / n : NaN, max };
}

function cardinality(column: Column): { distinct: number; max: number } {
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < column.length; i++) {
    if (column[i] > max) max = column[i];
    if (column[i] < min) min = column[i];
  }
  if (column.length === 0) return { distinct: 0, max: -1 };
  // ids are small non-negative integers in ple's files; fall back to a Set otherwise
  if (min >= 0 && max < 1 << 26) {
    const seen = new Uint8Array(max + 1);
    let distinct = 0;
    for (let i = 0; i < column.length; i++) {
      if (seen[column[i]] === 0) {
        seen[column[i]] = 1;
        distinct++;
      }
    }
    return { distinct, max };
  }
  return { distinct: new Set(column).size, max };
}
