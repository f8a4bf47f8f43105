import type { Config } from '../config/types';
import { importFile } from '../data/import';
import { applyPreprocessing } from '../data/preprocessing';
import { countUnseen } from '../data/vocabulary';
import { buildModel, importWeights } from '../models';
import type { PredictionPart } from '../results/prediction-file';
import type { SavedModel } from '../results/saved-model';
import { infer, inferenceBatchSize } from '../train/evaluate';
import { packRows } from '../train/pack';

export interface Scored {
  /** every row of the file, in order, with its outputs and (where the file has them) labels and masks */
  part: PredictionPart;
  /** per task: whether the file holds its label column */
  labelled: boolean[];
  /** rows whose category is not in the run's vocabulary (they got the out-of-vocabulary id 0), per categorical feature that has one */
  unseen: { name: string; rows: number }[];
  warnings: string[];
}

/**
 * Scores a file with a saved model exactly as its run scored its test rows:
 * the same import (the columns the run's config names; labels and masks
 * only where the file has them), the run's vocabularies and numeric
 * statistics, the same packing and inference batches.
 */
export async function scoreFile(file: string, shown: string, saved: SavedModel, fileParams: Config['data']['file'], split: Config['split']): Promise<Scored> {
  const columns = { features: saved.features, tasks: saved.tasks };
  const imported = await importFile(file, { ...columns, split, data: { source: 'file', path: file, seed: 1, ...(fileParams ? { file: fileParams } : {}) } }, shown, { purpose: 'predict' });
  const { dataset, warnings } = applyPreprocessing(imported, saved.preprocessing, shown);
  const ids = Int32Array.from({ length: dataset.rows }, (_, i) => i);
  const data = packRows(dataset, ids, columns, { labelsOptional: true });
  const model = buildModel(saved.model.arch, saved.model.args, { input: saved.input, tasks: saved.heads, seed: saved.seed });
  try {
    importWeights(model, Object.fromEntries(saved.weights.map((w) => [w.name, { shape: w.shape, data: w.values }])));
    const { outputs } = infer(model, data, saved.heads.length, inferenceBatchSize(saved.batch_size));
    const unseen = saved.preprocessing.categorical.filter((c) => c.values).map((c) => ({ name: c.name, rows: countUnseen(dataset.columns[c.name], ids) }));
    return { part: { split: 'test', ids, outputs, data }, labelled: saved.tasks.map((t) => dataset.columns[t.label] !== undefined), unseen, warnings };
  } finally {
    model.dispose();
  }
}
