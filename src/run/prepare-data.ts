import { shownPath, type ConfigPaths } from '../config/paths';
import type { Config } from '../config/types';
import { loadDataset } from '../data/load';
import { splitRows } from '../data/split';
import type { Dataset } from '../data/types';
import { packSplit, rowsInSomeTask } from '../train/pack';
import type { SplitData } from '../train/types';
import type { RunReporter } from './types';

export interface PreparedData {
  path: string;
  sha256: string;
  dataset: Dataset;
  split: SplitData;
  /** the data file's row of each packed test row, in order */
  testRows: Int32Array;
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
 * Loads (or generates) the config's data once, splits it by day and packs
 * each part for the trainer; `shared` puts the packed arrays on
 * SharedArrayBuffers so worker threads read them without a copy.
 */
export async function prepareData(config: Config, paths: ConfigPaths, shared: boolean, reporter: RunReporter): Promise<PreparedData> {
  const loaded = await loadDataset(config, { ...paths, notice: (m) => reporter.info(m) });
  reporter.info(`${loaded.generated ? 'generated' : 'loaded'} ${shownPath(paths.cwd, loaded.path)}: ${loaded.dataset.rows.toLocaleString('en')} rows`);
  const indices = splitRows(loaded.dataset, config.split, config.data.seed);
  const split = packSplit(loaded.dataset, indices, config, { shared });
  const testRows = rowsInSomeTask(loaded.dataset, indices.test, config);
  return { path: loaded.path, sha256: loaded.sha256, dataset: loaded.dataset, split, testRows };
}
