import type { Config } from '../config/types';
import type { Column, Dataset, SplitIndices } from '../data/types';
import type { PackedData, SplitData } from './types';

/** What packing reads of a config: the features and the tasks' columns. */
type PackConfig = Pick<Config, 'features' | 'tasks'>;

export interface PackOptions {
  /** allocate on SharedArrayBuffer, so worker threads can read the data without a copy */
  shared?: boolean;
  /** a file to score (`ple predict`): a task whose label column is absent gets label 0 and δ 0 on every row */
  labelsOptional?: boolean;
}

/**
 * The train, validation and test parts of a data set, packed row-major for
 * the trainer. Rows that belong to no task (δ = 0 for every task) are left
 * out: they add nothing to any loss, gradient or metric, only compute — in a
 * study whose tasks are all masked to viewed impressions that is most rows.
 */
export function packSplit(dataset: Dataset, indices: SplitIndices, config: PackConfig, options: PackOptions = {}): SplitData {
  const pack = (rows: Int32Array) => packRows(dataset, rowsInSomeTask(dataset, rows, config), config, options);
  return { train: pack(indices.train), validation: pack(indices.validation), test: pack(indices.test) };
}

/** The rows (in order) where at least one task's mask is 1; all of them when some task has no mask. */
export function rowsInSomeTask(dataset: Dataset, rows: Int32Array, config: Pick<Config, 'tasks'>): Int32Array {
  if (config.tasks.some((t) => t.mask === undefined)) return rows;
  const masks = config.tasks.map((t) => column(dataset, t.mask!));
  return rows.filter((r) => masks.some((m) => m[r] !== 0));
}

/**
 * The given rows: categorical ids [rows × features], numeric features
 * [rows × features], labels and masks [rows × tasks]. A task without a mask
 * column has δ = 1 everywhere; labels where δ = 0 are set to 0 (a missing
 * label stored as NaN then never reaches the loss).
 */
export function packRows(dataset: Dataset, rows: Int32Array, config: PackConfig, options: PackOptions = {}): PackedData {
  const n = rows.length;
  const cats = config.features.categorical.map((f) => column(dataset, f.name));
  const nums = config.features.numeric.map((f) => column(dataset, f.name));
  const tasks = config.tasks;
  const categorical = new Int32Array(buffer(n * cats.length * 4, options));
  const numeric = new Float32Array(buffer(n * nums.length * 4, options));
  const labels = new Float32Array(buffer(n * tasks.length * 4, options));
  const masks = new Float32Array(buffer(n * tasks.length * 4, options));
  const c = cats.length;
  const f = nums.length;
  const t = tasks.length;
  cats.forEach((col, j) => {
    for (let i = 0; i < n; i++) categorical[i * c + j] = col[rows[i]];
  });
  nums.forEach((col, j) => {
    for (let i = 0; i < n; i++) numeric[i * f + j] = col[rows[i]];
  });
  tasks.forEach((task, k) => {
    if (options.labelsOptional && dataset.columns[task.label] === undefined) return;
    const label = column(dataset, task.label);
    const mask = task.mask === undefined || (options.labelsOptional && dataset.columns[task.mask] === undefined) ? undefined : column(dataset, task.mask);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      const d = mask === undefined ? 1 : mask[r] !== 0 ? 1 : 0;
      masks[i * t + k] = d;
      labels[i * t + k] = d === 1 ? label[r] : 0;
    }
  });
  return { rows: n, categorical, numeric, labels, masks };
}

function buffer(bytes: number, options: PackOptions): ArrayBuffer | SharedArrayBuffer {
  return options.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

function column(dataset: Dataset, name: string): Column {
  const col = dataset.columns[name];
  if (col === undefined) throw new Error(`data set has no column '${name}'`);
  return col;
}
