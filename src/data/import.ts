import * as path from 'path';
import { describeDays, splitDays, splitKind } from '../config/split-kind';
import type { Config } from '../config/types';
import { checkKind, checkSplitDays, checkValues, columnNeeds, readAsText, rolesOf, type ColumnNeed } from './check';
import { DataError, fail, type Where } from './errors';
import { FORMAT_VERSION, META } from './format';
import { formatOf, openSource, type RawColumns } from './import-sources';
import type { Column, Dataset } from './types';

export { formatOf };

/**
 * Imports a user's own log (CSV, Parquet or Arrow) as a data set, checked
 * against the config: every feature, label and mask column it names, and
 * the columns its split reads (the day column, a split column, a group
 * column). Categorical columns without a `vocab` and the split's columns
 * are read as text (`TextColumn`): the run's vocabularies, built from the
 * training rows, turn categories into ids. The first problem is thrown as a
 * DataError naming the file, column and row.
 */

type ImportConfig = Pick<Config, 'data' | 'features' | 'tasks' | 'split'>;

export interface ImportOptions {
  /**
   * `train` (default): every column the config names; `predict`: the
   * features only, and labels and masks where the file has them (a new file
   * to score needs no split and no labels)
   */
  purpose?: 'train' | 'predict';
}

export async function importFile(file: string, config: ImportConfig, label = file, options: ImportOptions = {}): Promise<Dataset> {
  const format = config.data.file?.format ?? formatOf(file);
  const purpose = options.purpose ?? 'train';
  const needs = columnNeeds(config).filter((n) => purpose === 'train' || n.kind === 'categorical' || n.kind === 'numeric' || n.kind === 'binary' || n.kind === 'regression' || n.kind === 'mask');
  const raw = await openSource(file, format, label, new Set(needs.filter(readAsText).map((n) => n.name)));
  return buildDataset(raw, config, label, purpose === 'train' ? needs : needs.filter((n) => isFeature(n) || raw.names.includes(n.name)), purpose);
}

function isFeature(need: ColumnNeed): boolean {
  return need.kind === 'categorical' || need.kind === 'numeric';
}

function buildDataset(raw: RawColumns, config: ImportConfig, file: string, needs: ColumnNeed[], purpose: 'train' | 'predict'): Dataset {
  if (raw.rows === 0) throw new DataError(`${file}: no data rows`, { file });
  const byDay = purpose === 'train' && splitKind(config.split) === 'days';
  const dayName = config.data.file?.day_column ?? 'day';
  for (const name of [...(byDay ? [dayName] : []), ...needs.map((n) => n.name)]) {
    if (!raw.names.includes(name)) {
      const role = name === dayName && byDay ? 'the day column (data.file.day_column)' : needs.find((n) => n.name === name)!.role;
      fail({ file, column: name }, `missing (needed as ${role}); the file has: ${raw.names.join(', ')}`);
    }
  }

  const maskOf = maskedLabels(config);
  const columns: Record<string, Column> = byDay ? { day: dayColumn(raw, dayName, config.split, file) } : {};
  const dictionaries: Record<string, string[]> = {};
  for (const need of needs) {
    if (columns[need.name] !== undefined) {
      checkKind(columns[need.name], need, file);
      checkValues(columns[need.name], need, (i) => raw.where(need.name, i));
      continue;
    }
    if (readAsText(need)) {
      const text = raw.texts(need.name);
      columns[need.name] = text.codes;
      dictionaries[need.name] = text.dictionary;
      continue;
    }
    const mask = maskOf.get(need.name);
    const maskPresent = mask !== undefined && raw.names.includes(mask);
    const values = raw.values(need.name, maskPresent);
    if (maskPresent) fillUnmasked(values, raw.values(mask), mask, (i) => raw.where(need.name, i));
    checkValues(values, need, (i) => raw.where(need.name, i));
    columns[need.name] = need.kind === 'categorical' ? Int32Array.from(values) : Float32Array.from(values);
  }
  const metadata = {
    [META.generator]: 'file',
    [META.sourceFile]: path.basename(file),
    [META.formatVersion]: FORMAT_VERSION,
    [META.roles]: JSON.stringify(rolesOf(config)),
  };
  return Object.keys(dictionaries).length > 0 ? { rows: raw.rows, columns, metadata, dictionaries } : { rows: raw.rows, columns, metadata };
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
      config.features.numeric.some((f) => f.name === name) ||
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
  const days = splitDays(split);
  const allowed = new Set([...days.train, ...days.test, ...days.validation]);
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
