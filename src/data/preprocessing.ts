import { z } from 'zod';
import { LIMITS } from '../config/limits';
import type { Config } from '../config/types';
import { DataError } from './errors';
import { applyNumeric, fitNumeric, rawScaleWarning, type NumericEncoding } from './numeric-transform';
import type { Column, Dataset } from './types';
import { buildVocabulary, encodeCategories } from './vocabulary';

/**
 * What turns a data set's feature columns into the network's inputs, fitted
 * on the training rows only and stored with the run (`preprocessing.json`),
 * so `ple predict` scores a new file exactly as the run's test rows were:
 * per categorical feature its vocabulary (or the config's `vocab`, when its
 * ids are used as they are), per numeric feature its transform and
 * statistics (`numeric-transform.ts`).
 */
export interface Preprocessing {
  categorical: CategoricalEncoding[];
  numeric: NumericEncoding[];
}

export interface CategoricalEncoding {
  name: string;
  /** ids are in [0, vocab) */
  vocab: number;
  /** a vocabulary built from the training rows: id i + 1 is values[i], id 0 any other value; absent when the config's ids are used as they are */
  values?: string[];
}

type FeatureConfig = Pick<Config, 'features'>;

export function fitPreprocessing(dataset: Dataset, trainRows: Int32Array, config: FeatureConfig, file: string): Preprocessing {
  const categorical = config.features.categorical.map((f, i): CategoricalEncoding => {
    if (f.vocab !== undefined) return { name: f.name, vocab: f.vocab };
    const values = buildVocabulary(dataset, f.name, trainRows);
    const vocab = values.length + 1;
    if (vocab * f.dim > LIMITS.embeddingValues) {
      throw new DataError(
        `${file}: column "${f.name}" has ${values.length.toLocaleString('en')} distinct values in the training rows; with dim ${f.dim} that is ` +
          `${(vocab * f.dim).toLocaleString('en')} embedding values, more than the ${LIMITS.embeddingValues.toLocaleString('en')} a run allows (features.categorical[${i}])`,
        { file, column: f.name },
      );
    }
    return { name: f.name, vocab, values };
  });
  const numeric = config.features.numeric.map((f) => fitNumeric(f, dataset.columns[f.name], trainRows));
  return { categorical, numeric };
}

/** The data set with its feature columns as the network reads them (ids, transformed values), and warnings about raw-scale numeric features. */
export function applyPreprocessing(dataset: Dataset, preprocessing: Preprocessing, file: string): { dataset: Dataset; warnings: string[] } {
  const columns: Record<string, Column> = { ...dataset.columns };
  const warnings: string[] = [];
  for (const c of preprocessing.categorical) {
    if (c.values) columns[c.name] = encodeCategories(dataset, c.name, c.values);
  }
  for (const n of preprocessing.numeric) {
    const values = applyNumeric(n, dataset.columns[n.name] as Float32Array, (i) => ({ file, column: n.name, row: i + 1 }));
    const warning = rawScaleWarning(n, values);
    if (warning) warnings.push(warning);
    columns[n.name] = values;
  }
  return { dataset: { ...dataset, columns }, warnings };
}

/** The config with each categorical feature's vocab as the preprocessing sets it: what the models are built with. */
export function withVocabularies<C extends FeatureConfig>(config: C, preprocessing: Preprocessing): C {
  const vocab = new Map(preprocessing.categorical.map((c) => [c.name, c.vocab]));
  return { ...config, features: { ...config.features, categorical: config.features.categorical.map((f) => ({ ...f, vocab: vocab.get(f.name) ?? f.vocab })) } };
}

/** `preprocessing.json` as ple writes it, checked on reading. */
export const preprocessingShape = z
  .object({
    format: z.literal('ple preprocessing'),
    version: z.literal(1),
    categorical: z.array(z.object({ name: z.string(), vocab: z.number().int().min(1), values: z.array(z.string()).optional() }).strict()),
    numeric: z.array(
      z
        .object({
          name: z.string(),
          transform: z.enum(['none', 'standardize', 'log1p']),
          clip: z.tuple([z.number(), z.number()]).optional(),
          mean: z.number().optional(),
          sd: z.number().optional(),
        })
        .strict(),
    ),
  })
  .strict();

/** The file's JSON value. */
export function preprocessingJson(preprocessing: Preprocessing): z.input<typeof preprocessingShape> {
  return { format: 'ple preprocessing', version: 1, ...preprocessing };
}
