import * as path from 'node:path';
import type { TrainingConfig } from '../config/types';
import { readArrowMetadata, writeArrow } from '../data/arrow';
import { notRegularFile } from '../fs/regular-file';
import type { Column } from '../data/types';
import type { TaskType } from '../models/types';
import { sigmoid } from '../train/evaluate';
import type { PackedData } from '../train/types';
import { FILES } from './layout';

/**
 * Predictions as an Arrow file, for the statistics and for the user:
 *
 * - `row`: the row's 0-based position in the data file (header not counted);
 * - `split`: `test` or `validation` (a job's full file only);
 * - per task `label.<task>` and `mask.<task>` (δ: 1 when the row belongs to
 *   the task; where it is 0 the label is 0 and means nothing), when known;
 * - `pred.<task>`: the model's output — the logit of a binary task, the
 *   prediction of a regression task — which the metrics score;
 * - `prob.<task>`: binary tasks, the probability sigmoid(logit).
 *
 * A job keeps `row` and `pred.<task>` of its test rows when the statistics
 * need them; with `training.save_predictions` the full file, test rows first.
 */
export interface PredictionPart {
  split: 'test' | 'validation';
  /** the data file's row of each output */
  ids: Int32Array;
  /** per task, one output per row */
  outputs: readonly Float32Array[];
  /** the rows' labels and masks, packed (`PackedData`), when the file shows them */
  data?: PackedData;
}

export interface PredictionTask {
  name: string;
  type: TaskType;
}

/**
 * The columns of the parts, in order; `split` only when asked for, labels
 * and probabilities when `full` (labels and masks only of the tasks
 * `labelled` says the rows have, when given).
 */
export function predictionColumns(
  parts: readonly PredictionPart[],
  tasks: readonly PredictionTask[],
  options: { split: boolean; full: boolean; labelled?: readonly boolean[] },
): { rows: number; columns: Record<string, Column>; dictionaries?: Record<string, string[]> } {
  const rows = parts.reduce((n, p) => n + p.ids.length, 0);
  const columns: Record<string, Column> = { row: concat(parts.map((p) => p.ids), Int32Array) as Int32Array };
  const names = ['test', 'validation'];
  if (options.split) columns.split = concat(parts.map((p) => new Int32Array(p.ids.length).fill(names.indexOf(p.split))), Int32Array);
  tasks.forEach((task, k) => {
    if (options.full && parts.every((p) => p.data) && (options.labelled?.[k] ?? true)) {
      columns[`label.${task.name}`] = concat(parts.map((p) => strided(p.data!.labels, k, tasks.length, p.ids.length)), Float32Array);
      columns[`mask.${task.name}`] = concat(parts.map((p) => strided(p.data!.masks, k, tasks.length, p.ids.length)), Float32Array);
    }
    const outputs = concat(parts.map((p) => p.outputs[k]), Float32Array) as Float32Array;
    columns[`pred.${task.name}`] = outputs;
    if (options.full && task.type === 'binary') columns[`prob.${task.name}`] = outputs.map(sigmoid);
  });
  return { rows, columns, ...(options.split ? { dictionaries: { split: names } } : {}) };
}

/** A job's `predictions.arrow`: its test rows' outputs, and with `full` (save_predictions) its validation rows', labels, masks and probabilities. */
export async function writeJobPredictions(dir: string, parts: readonly PredictionPart[], tasks: readonly PredictionTask[], full: boolean): Promise<void> {
  const table = predictionColumns(full ? parts : parts.filter((p) => p.split === 'test'), tasks, { split: full, full });
  await writeArrow(path.join(dir, FILES.predictions), { ...table, metadata: { kind: 'ple predictions', ...(full ? { [FULL]: 'true' } : {}) } });
}

/** Metadata key of a job's full predictions file (`save_predictions`). */
const FULL = 'full';

/** Whether a job folder holds what `training` asks a job to keep: its full predictions, its model. */
export async function keepsAsked(dir: string, training: Pick<TrainingConfig, 'save_predictions' | 'save_models'>): Promise<boolean> {
  if (training.save_models && (await notRegularFile(path.join(dir, FILES.model, 'model.json'))) !== undefined) return false;
  if (!training.save_predictions) return true;
  const file = path.join(dir, FILES.predictions);
  return (await notRegularFile(file)) === undefined && (await readArrowMetadata(file).catch(() => ({}) as Record<string, string>))[FULL] === 'true';
}

function strided(values: Float32Array, k: number, stride: number, rows: number): Float32Array {
  return Float32Array.from({ length: rows }, (_, i) => values[i * stride + k]);
}

function concat<T extends Int32Array | Float32Array>(arrays: readonly T[], Kind: { new (n: number): T }): T {
  if (arrays.length === 1) return arrays[0];
  const out = new Kind(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
