import { describeDays, splitKind } from '../config/split-kind';
import type { Config } from '../config/types';
import { DataError, fail, type Where } from './errors';
import type { Column, Dataset, DatasetRoles } from './types';

/**
 * Checks a data set against what a config names: every feature, label and
 * mask column present with the right kind and valid values, and every split
 * day present. Used on generated, cached and imported data alike, so a config
 * whose vocab is too small for the simulator fails here, with the first bad row.
 */

export type ColumnKind = 'categorical' | 'numeric' | 'binary' | 'regression' | 'mask' | 'split' | 'group';

export interface ColumnNeed {
  name: string;
  kind: ColumnKind;
  /** what the config uses it for, for messages: `label of task "vtr"` */
  role: string;
  /** categorical only: the config's vocab (ids as they are); undefined: a vocabulary is built from the training rows */
  vocab?: number;
  /** regression only: values must lie in [0, 1] */
  unitInterval?: boolean;
}

type DataSlice = Pick<Config, 'features' | 'tasks' | 'split'>;

/** The columns a config needs, features first, then labels and masks, then the split's own; a column used twice is listed twice. */
export function columnNeeds(config: DataSlice): ColumnNeed[] {
  const needs: ColumnNeed[] = [];
  for (const f of config.features.categorical) {
    needs.push({ name: f.name, kind: 'categorical', role: 'categorical feature', vocab: f.vocab });
  }
  for (const { name } of config.features.numeric) needs.push({ name, kind: 'numeric', role: 'numeric feature' });
  for (const t of config.tasks) {
    needs.push({
      name: t.label,
      kind: t.type,
      role: `label of task "${t.name}"`,
      unitInterval: t.type === 'regression' && t.sigmoid_output,
    });
    if (t.mask !== undefined) needs.push({ name: t.mask, kind: 'mask', role: `mask of task "${t.name}"` });
  }
  if (config.split.column !== undefined) needs.push({ name: config.split.column, kind: 'split', role: 'the split column (split.column)' });
  if (config.split.random?.group !== undefined) needs.push({ name: config.split.random.group, kind: 'group', role: 'the group column (split.random.group)' });
  return needs;
}

/** Whether a needed column is read as text (`TextColumn`): categories without a vocab, and the split's columns. */
export function readAsText(need: ColumnNeed): boolean {
  return (need.kind === 'categorical' && need.vocab === undefined) || need.kind === 'split' || need.kind === 'group';
}

/** Roles of a config's columns, stored in an imported file's metadata. */
export function rolesOf(config: DataSlice): DatasetRoles {
  const needs = columnNeeds(config);
  const names = (kind: ColumnKind): string[] => [...new Set(needs.filter((n) => n.kind === kind).map((n) => n.name))];
  return {
    categorical: config.features.categorical.map((f) => ({ name: f.name, vocab: f.vocab })),
    numeric: names('numeric'),
    binary: names('binary'),
    regression: names('regression'),
    masks: names('mask'),
    label_masks: Object.fromEntries(config.tasks.filter((t) => t.mask !== undefined).map((t) => [t.label, t.mask!])),
  };
}

/** Throws a DataError at the first problem. */
export function checkDataset(dataset: Dataset, config: DataSlice, file: string): void {
  const available = Object.keys(dataset.columns);
  for (const need of columnNeeds(config)) {
    const column = dataset.columns[need.name];
    if (column === undefined) {
      fail({ file, column: need.name }, `missing (needed as ${need.role}); the file has: ${available.join(', ')}`);
    }
    checkKind(column, need, file);
    checkValues(column, need, (i) => ({ file, column: need.name, row: i + 1 }));
  }
  if (splitKind(config.split) !== 'days') return;
  const day = dataset.columns.day;
  if (!(day instanceof Int32Array)) fail({ file, column: 'day' }, 'missing or not an integer column');
  checkSplitDays(day, config.split, file);
}

/** A typed column of the right kind: Int32 ids or codes for categorical features and the split's columns, Float32 for the rest. */
export function checkKind(column: Column, need: ColumnNeed, file: string): void {
  const ints = need.kind === 'categorical' || need.kind === 'split' || need.kind === 'group';
  if (ints && !(column instanceof Int32Array)) {
    fail({ file, column: need.name }, `${need.role} must be an Int32 column of ids`);
  }
  if (!ints && !(column instanceof Float32Array)) {
    fail({ file, column: need.name }, `${need.role} must be a Float32 column`);
  }
}

/** Checks one column's values against its need; `where(i)` locates row i for the message. */
export function checkValues(values: ArrayLike<number>, need: ColumnNeed, where: (i: number) => Where): void {
  if (readAsText(need)) return; // codes into the column's own values: any value is valid
  if (values instanceof Int32Array && need.kind === 'categorical') {
    // fast path for stored ids: integers already, only the range can be wrong
    const vocab = need.vocab!;
    let i = 0;
    while (i < values.length && values[i] >= 0 && values[i] < vocab) i++;
    if (i === values.length) return;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) fail(where(i), `value ${v} is not finite (${need.role})`);
    if (need.kind === 'categorical') {
      if (!Number.isInteger(v) || v < 0 || v >= need.vocab!) {
        fail(where(i), `categorical id ${v} is not an integer in [0, ${need.vocab}) (${need.role}; see features.categorical vocab)`);
      }
    } else if ((need.kind === 'binary' || need.kind === 'mask') && v !== 0 && v !== 1) {
      fail(where(i), `${need.kind === 'mask' ? 'mask' : 'binary label'} must be 0 or 1, got ${v} (${need.role})`);
    } else if (need.unitInterval && (v < 0 || v > 1)) {
      fail(where(i), `must be in [0, 1] for a task with sigmoid_output, got ${v} (${need.role})`);
    }
  }
}

/** Every day the split names must have rows; train and test days must not overlap. */
export function checkSplitDays(day: Int32Array, split: Config['split'], file: string): void {
  const present = new Set<number>();
  for (let i = 0; i < day.length; i++) present.add(day[i]);
  const lists: [string, number[]][] = [
    ['split.train_days', split.train_days ?? []],
    ['split.test_days', split.test_days ?? []],
    ['split.validation.days', split.validation?.days ?? []],
  ];
  for (const [name, days] of lists) {
    const missing = days.filter((d) => !present.has(d));
    if (missing.length > 0) {
      throw new DataError(
        `${file}: ${name} names day ${missing.join(', ')} but the data has no rows on ${missing.length > 1 ? 'those days' : 'that day'}; ` +
          `days in the data: ${describeDays([...present])}`,
        { file, column: 'day' },
      );
    }
  }
}
