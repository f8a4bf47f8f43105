import { shownPath, type ConfigPaths } from '../config/paths';
import { describeSplit } from '../config/split-kind';
import type { Config } from '../config/types';
import { DataError } from '../data/errors';
import { loadDataset } from '../data/load';
import { applyPreprocessing, fitPreprocessing, withVocabularies, type Preprocessing } from '../data/preprocessing';
import { splitRows } from '../data/split';
import type { Dataset } from '../data/types';
import { packSplit, rowsInSomeTask } from '../train/pack';
import type { SplitData } from '../train/types';
import type { RunReporter } from './types';

export interface PreparedData {
  path: string;
  sha256: string;
  /** the data set with its features as the network reads them (ids, transformed values) */
  dataset: Dataset;
  split: SplitData;
  /** the data file's row of each packed test row, in order */
  testRows: Int32Array;
  /** the data file's row of each packed validation row, in order */
  validationRows: Int32Array;
  /** vocabularies and numeric statistics, fitted on the training rows */
  preprocessing: Preprocessing;
  /** the config the models are built with: every categorical feature's vocab set */
  config: Config;
}

/** Rows in each task (δ = 1) of each part of the split. */
export function taskSamples(split: SplitData, tasks: readonly string[]): Record<keyof SplitData, Record<string, number>> {
  const count = (part: SplitData[keyof SplitData]) =>
    Object.fromEntries(
      tasks.map((task, k) => {
        let n = 0;
        for (let r = 0; r < part.rows; r++) n += part.masks[r * tasks.length + k];
        return [task, n];
      }),
    );
  return { train: count(split.train), validation: count(split.validation), test: count(split.test) };
}

/**
 * Loads (or generates) the config's data once, splits it, fits the
 * vocabularies and numeric transforms on the training rows, applies them to
 * every row and packs each part for the trainer; `shared` puts the packed
 * arrays on SharedArrayBuffers so worker threads read them without a copy.
 */
export async function prepareData(config: Config, paths: ConfigPaths, shared: boolean, reporter: RunReporter, cacheDir?: string): Promise<PreparedData> {
  const loaded = await loadDataset(config, { ...paths, cacheDir, notice: (m) => reporter.info(m) });
  const shown = shownPath(paths.cwd, loaded.path);
  reporter.info(`${loaded.generated ? 'generated' : 'loaded'} ${shown}: ${loaded.dataset.rows.toLocaleString('en')} rows`);
  const indices = splitRows(loaded.dataset, config.split, config.data.seed, shown);
  const preprocessing = fitPreprocessing(loaded.dataset, indices.train, config, shown);
  const { dataset, warnings } = applyPreprocessing(loaded.dataset, preprocessing, shown);
  for (const warning of warnings) reporter.info(`warning: ${warning}`);
  const trained = withVocabularies(config, preprocessing);
  const split = packSplit(dataset, indices, trained, { shared });
  if (config.training.early_stopping && split.validation.rows === 0) {
    throw new DataError(`${shown}: training.early_stopping needs validation rows, and the split gives none (${describeSplit(config.split)})`, { file: shown });
  }
  const testRows = rowsInSomeTask(dataset, indices.test, config);
  const validationRows = rowsInSomeTask(dataset, indices.validation, config);
  return { path: loaded.path, sha256: loaded.sha256, dataset, split, testRows, validationRows, preprocessing, config: trained };
}
