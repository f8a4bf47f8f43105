import * as fs from 'fs';
import * as path from 'path';
import type { Config } from '../config/types';
import { readArrow, readArrowMetadata, writeArrow } from './arrow';
import { checkDataset } from './check';
import { FORMAT_VERSION, META, canonicalJson } from './format';
import { GENERATORS, isGenerated } from './generators';
import { importFile } from './import';
import type { Dataset } from './types';

/**
 * The one loader. Generated sources (`video`, `synthetic`) are cached as an
 * Arrow file at `data.path`: reused when its metadata (generator, params,
 * seed, format version) matches the config, regenerated and rewritten
 * atomically otherwise. A `file` source is imported and checked. Either way
 * the result is checked against the config's features, tasks and split.
 */

export interface DataProgress {
  stage: 'reading' | 'generating' | 'writing' | 'importing' | 'checking';
  /** days generated so far, when generating */
  done?: number;
  total?: number;
}

export interface LoadOptions {
  /** the project folder `data.path` is relative to */
  cwd: string;
  onProgress?: (event: DataProgress) => void;
  /** regenerate even when the cached file matches */
  force?: boolean;
}

export interface LoadedData {
  dataset: Dataset;
  /** absolute path of the file read or written */
  path: string;
  /** true when the data was generated (and written) by this call */
  generated: boolean;
}

type LoadConfig = Pick<Config, 'data' | 'split' | 'tasks' | 'features'>;

export async function loadDataset(config: LoadConfig, options: LoadOptions): Promise<LoadedData> {
  const file = path.resolve(options.cwd, config.data.path);
  const progress = options.onProgress ?? (() => undefined);
  let dataset: Dataset;
  let generated = false;
  const source = config.data.source;
  if (isGenerated(source)) {
    if (!options.force && (await cacheMatches(file, config))) {
      progress({ stage: 'reading' });
      dataset = readArrow(file);
    } else {
      dataset = GENERATORS[source].generate(config.data, (done, total) => progress({ stage: 'generating', done, total }));
      progress({ stage: 'writing' });
      await writeArrow(file, dataset);
      generated = true;
    }
  } else {
    progress({ stage: 'importing' });
    dataset = await importFile(file, config, config.data.path);
  }
  progress({ stage: 'checking' });
  checkDataset(dataset, config, config.data.path);
  return { dataset, path: file, generated };
}

/** Metadata a generated file must carry to be reused for this config. */
export function expectedMetadata(config: Pick<Config, 'data'>): Record<string, string> {
  const source = config.data.source;
  if (!isGenerated(source)) throw new Error(`data.source "${source}" is not a generator`);
  return {
    [META.generator]: source,
    [META.params]: canonicalJson(GENERATORS[source].params(config.data)),
    [META.seed]: String(config.data.seed),
    [META.formatVersion]: FORMAT_VERSION,
  };
}

/** True when `file` exists and was generated with exactly this config's generator, params and seed. */
export async function cacheMatches(file: string, config: Pick<Config, 'data'>): Promise<boolean> {
  if (!fs.existsSync(file)) return false;
  let metadata: Record<string, string>;
  try {
    metadata = await readArrowMetadata(file);
  } catch {
    return false; // unreadable or truncated: regenerate
  }
  const expected = expectedMetadata(config);
  return Object.entries(expected).every(([key, value]) => metadata[key] === value);
}
