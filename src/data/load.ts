import * as path from 'path';
import { resolveConfigPath, shownPath } from '../config/paths';
import type { Config } from '../config/types';
import { acquireLock } from '../fs/lock';
import { notRegularFile } from '../fs/regular-file';
import { sha256File } from '../fs/sha256';
import { removeStaleTemps } from '../fs/stale-temps';
import { readArrow, readArrowMetadata, writeArrow } from './arrow';
import { checkDataset } from './check';
import { DataError } from './errors';
import { assertReplaceable } from './generated-file';
import { FORMAT_VERSION, META, canonicalJson } from './format';
import { GENERATORS, isGenerated } from './generators';
import { formatOf, importFile } from './import';
import { importCached } from './import-cache';
import type { Dataset } from './types';

/**
 * The one loader. Generated sources (`video`, `synthetic`) are cached as an
 * Arrow file at `data.path`: reused when its metadata (generator, params,
 * seed, format version) matches the config, regenerated and rewritten
 * atomically otherwise — but only over a file ple generated. The file is
 * locked (`<data.path>.lock`) from the check to the hash, so processes that
 * share it take turns and each hashes the bytes it read. A `file` source is
 * imported (a CSV or Parquet file through its cached conversion, when a
 * `cacheDir` is given) and checked. Either way the result is checked against
 * the config's features, tasks and split.
 */

export interface DataProgress {
  stage: 'reading' | 'generating' | 'writing' | 'importing' | 'checking';
  /** days generated so far, when generating */
  done?: number;
  total?: number;
}

export interface LoadOptions {
  /** the folder `data.path` is relative to: the config file's */
  dir: string;
  /** the current directory, which messages show paths relative to (default: `dir`) */
  cwd?: string;
  onProgress?: (event: DataProgress) => void;
  /** regenerate even when the cached file matches */
  force?: boolean;
  /** told about waiting for another process's lock on the file, or taking over a dead one's */
  notice?: (message: string) => void;
  /** where a CSV or Parquet file's conversion to Arrow is kept and reused (`import-cache.ts`); none: converted each time */
  cacheDir?: string;
}

export interface LoadedData {
  dataset: Dataset;
  /** absolute path of the file read or written */
  path: string;
  /** true when the data was generated (and written) by this call */
  generated: boolean;
  /** sha256 of the file's bytes, as read or written */
  sha256: string;
}

type LoadConfig = Pick<Config, 'data' | 'split' | 'tasks' | 'features'>;

export async function loadDataset(config: LoadConfig, options: LoadOptions): Promise<LoadedData> {
  const file = resolveConfigPath(options, config.data.path);
  const shown = shownPath(options.cwd ?? options.dir, file);
  const progress = options.onProgress ?? (() => undefined);
  const source = config.data.source;
  if (!isGenerated(source)) {
    const problem = await notRegularFile(file);
    if (problem) throw new DataError(`${shown} (data.path): ${problem}`, { file: shown });
    progress({ stage: 'importing' });
    const format = config.data.file?.format ?? formatOf(file);
    const { dataset, sha256 } =
      options.cacheDir !== undefined && format !== 'arrow'
        ? await importCached(file, format, config, shown, { cacheDir: options.cacheDir, cwd: options.cwd ?? options.dir, notice: options.notice })
        : { dataset: await importFile(file, config, shown), sha256: await sha256File(file) };
    progress({ stage: 'checking' });
    checkDataset(dataset, config, shown);
    return { dataset, path: file, generated: false, sha256 };
  }
  await using _lock = await acquireLock(`${file}.lock`, { what: shown, wait: true, notice: options.notice });
  const stray = await removeStaleTemps(path.dirname(file), { of: [path.basename(file), `${path.basename(file)}.lock`] });
  if (stray.length > 0) options.notice?.(`removed ${stray.length} temporary file(s) of ${shown} that a stopped process left`);
  let dataset: Dataset;
  let generated = false;
  if (!options.force && (await cacheMatches(file, config))) {
    progress({ stage: 'reading' });
    dataset = readArrow(file);
  } else {
    await assertReplaceable(file, shown);
    dataset = GENERATORS[source].generate(config.data, (done, total) => progress({ stage: 'generating', done, total }));
    progress({ stage: 'writing' });
    await writeArrow(file, dataset);
    generated = true;
  }
  progress({ stage: 'checking' });
  checkDataset(dataset, config, shown);
  return { dataset, path: file, generated, sha256: await sha256File(file) };
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

/** True when `file` is a regular file generated with exactly this config's generator, params and seed. */
export async function cacheMatches(file: string, config: Pick<Config, 'data'>): Promise<boolean> {
  if ((await notRegularFile(file)) !== undefined) return false;
  let metadata: Record<string, string>;
  try {
    metadata = await readArrowMetadata(file);
  } catch {
    return false; // unreadable or truncated: regenerate
  }
  const expected = expectedMetadata(config);
  return Object.entries(expected).every(([key, value]) => metadata[key] === value);
}
