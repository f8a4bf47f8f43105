import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { featuresSchema, taskSchema } from '../config/schema';
import type { Config, ModelConfig } from '../config/types';
import { writeFileAtomic, writeJsonAtomic } from '../fs/atomic';
import { preprocessingJson, type Preprocessing } from '../data/preprocessing';
import type { InputSpec, TaskHead } from '../models/types';
import type { SavedWeight } from '../train/types';
import { readPreprocessing } from './preprocessing-file';
import { CorruptResultError, readJsonFile } from './read-json';

/**
 * A trained model as `training.save_models` keeps it, in a job's `model/`:
 *
 * - `model.json`: what the model is — its architecture and resolved
 *   arguments, input (features with vocab sizes and widths), task heads, the
 *   columns it reads (`features`, `tasks` as the config names them) — and
 *   `weightsManifest`, tfjs's weights manifest (`tf.io.WeightsManifestConfig`:
 *   every weight's name, shape and dtype, in the order of the binary);
 * - `weights.bin`: the weights' float32 values, little-endian, one after
 *   another (`tf.io.decodeWeights(bytes, manifest[0].weights)` reads them);
 * - `preprocessing.json`: the run's vocabularies and numeric statistics.
 *
 * `ple predict` rebuilds the model from these three files only.
 */
export interface SavedModel {
  model: ModelConfig;
  seed: number;
  data_seed?: number;
  input: InputSpec;
  heads: TaskHead[];
  features: Config['features'];
  tasks: Config['tasks'];
  batch_size: number;
  preprocessing: Preprocessing;
  weights: SavedWeight[];
}

const FORMAT = 'ple model';
const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';
const PREPROCESSING_JSON = 'preprocessing.json';

const modelJsonShape = z
  .object({
    format: z.literal(FORMAT),
    version: z.literal(1),
    ple_version: z.string(),
    model: z.object({ name: z.string(), arch: z.string(), args: z.record(z.string(), z.unknown()) }).strict(),
    seed: z.number().int(),
    data_seed: z.number().int().optional(),
    input: z.object({ categorical: z.array(z.object({ name: z.string(), vocab: z.number().int().min(1), dim: z.number().int().min(1) }).strict()), numeric: z.array(z.string()) }).strict(),
    heads: z.array(z.object({ name: z.string(), type: z.enum(['binary', 'regression']), sigmoidOutput: z.boolean() }).strict()),
    features: featuresSchema,
    tasks: z.array(taskSchema),
    batch_size: z.number().int().min(1),
    weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(z.object({ name: z.string(), shape: z.array(z.number().int().min(0)), dtype: z.literal('float32') }).strict()) }).strict()).length(1),
  })
  .strict();

export async function writeSavedModel(dir: string, saved: SavedModel, pleVersion: string): Promise<void> {
  const { weights, preprocessing, ...about } = saved;
  const bytes = new Uint8Array(weights.reduce((n, w) => n + w.values.length * 4, 0));
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const w of weights) for (const v of w.values) view.setFloat32((at += 4) - 4, v, true);
  await writeFileAtomic(path.join(dir, WEIGHTS_BIN), bytes);
  await writeJsonAtomic(path.join(dir, PREPROCESSING_JSON), preprocessingJson(preprocessing));
  const manifest = [{ paths: [WEIGHTS_BIN], weights: weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' as const })) }];
  await writeJsonAtomic(path.join(dir, MODEL_JSON), { format: FORMAT, version: 1, ple_version: pleVersion, ...about, weightsManifest: manifest });
}

/** A saved model, checked; `hint` says what to do when it is missing or damaged. */
export async function readSavedModel(dir: string, hint: string): Promise<SavedModel> {
  const about = await readJsonFile(path.join(dir, MODEL_JSON), modelJsonShape, hint);
  const file = path.join(dir, WEIGHTS_BIN);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new CorruptResultError(file, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `cannot read (${(err as Error).message})`, hint);
  }
  const specs = about.weightsManifest[0].weights;
  const expected = specs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (bytes.length !== expected) throw new CorruptResultError(file, `${bytes.length} bytes, its manifest (model.json) says ${expected}`, hint);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const weights = specs.map((w) => {
    const values = new Float32Array(w.shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++, at += 4) values[i] = view.getFloat32(at, true);
    return { name: w.name, shape: w.shape, values };
  });
  const preprocessing = await readPreprocessing(path.join(dir, PREPROCESSING_JSON), hint);
  const { model, seed, data_seed, input, heads, batch_size } = about;
  return { model, seed, ...(data_seed === undefined ? {} : { data_seed }), input, heads, features: about.features, tasks: about.tasks, batch_size, preprocessing, weights };
}
