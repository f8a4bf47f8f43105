import * as path from 'path';
import { resolveConfigPath, shownPath } from '../config/paths';
import type { Config } from '../config/types';
import { readArrow, writeArrow } from '../data/arrow';
import { notRegularFile } from '../fs/regular-file';
import { removeStaleTemps } from '../fs/stale-temps';
import { DataError } from '../data/errors';
import { importFile } from '../data/import';
import { inspectDataset, type InspectResult } from '../data/inspect';
import { inspectWithConfig } from '../data/inspect-split';
import { loadDataset, type DataProgress } from '../data/load';
import { renderInspect } from '../data/render-inspect';
import { checkOutputFile } from './output-file';

/**
 * `ple data generate | import | inspect`: plain async functions that take
 * options (with `cwd`) and return data. They never print or exit; problems
 * with the data are thrown as DataError for the CLI to report (exit code 2).
 */

export { renderInspect };
export type { InspectResult };

export interface DataGenerateOptions {
  config: Config;
  cwd: string;
  /** the folder the config's paths are relative to: its file's (default: cwd) */
  configDir?: string;
  /** regenerate even when the file at data.path matches the config */
  force?: boolean;
  onProgress?: (event: DataProgress) => void;
  /** told about waiting for another process that writes the same file */
  notice?: (message: string) => void;
}

export interface DataGenerateResult {
  /** absolute path of the Arrow file */
  path: string;
  rows: number;
  /** false when a matching file was already there */
  generated: boolean;
  seconds: number;
}

export async function dataGenerate(options: DataGenerateOptions): Promise<DataGenerateResult> {
  const { config } = options;
  if (config.data.source === 'file') {
    throw new DataError(`${config.data.path}: data.source is "file", nothing to generate; use \`ple data import\` to check a file`);
  }
  const start = process.hrtime.bigint();
  const loaded = await loadDataset(config, { dir: options.configDir ?? options.cwd, cwd: options.cwd, force: options.force, onProgress: options.onProgress, notice: options.notice });
  return {
    path: loaded.path,
    rows: loaded.dataset.rows,
    generated: loaded.generated,
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
  };
}

export interface DataImportOptions {
  /** the user's CSV or Arrow file, relative to cwd */
  file: string;
  config: Config;
  cwd: string;
  /** Arrow file to write; default: beside the input, with the extension .arrow */
  out?: string;
  /** replace an existing file at the output (never the input or the config) */
  force?: boolean;
  /** the config's own file, which the output must never replace */
  configFile?: string;
}

/**
 * Checks the user's file and writes it as Arrow. The output may replace an
 * existing file only with `force`, and never the input or the config.
 */
export async function dataImport(options: DataImportOptions): Promise<{ path: string; rows: number }> {
  const input = path.resolve(options.cwd, options.file);
  const problem = await notRegularFile(input);
  if (problem) throw new DataError(`${options.file}: ${problem}`, { file: options.file });
  const shownOut = options.out ?? defaultOut(options.file);
  const out = path.resolve(options.cwd, shownOut);
  const config = options.configFile ? [{ file: path.resolve(options.cwd, options.configFile), what: `the config ${options.configFile}` }] : [];
  await checkOutputFile(out, `${shownOut} (--out)`, [{ file: input, what: `the input file ${options.file}` }, ...config], options.force);
  const dataset = await importFile(input, options.config, options.file);
  await removeStaleTemps(path.dirname(out), { of: [path.basename(out)] });
  await writeArrow(out, dataset);
  return { path: out, rows: dataset.rows };
}

function defaultOut(file: string): string {
  const parsed = path.parse(file);
  const name = parsed.ext.toLowerCase() === '.arrow' ? `${parsed.name}.imported.arrow` : `${parsed.name}.arrow`;
  return path.join(parsed.dir, name);
}

export interface DataInspectOptions {
  /** an Arrow file, or with a config any file it could read (default: its data.path) */
  file?: string;
  cwd: string;
  /** with a config: its split's parts, vocabularies (values unseen in the training rows) and transforms */
  config?: Config;
  /** the folder the config's paths are relative to: its file's (default: cwd) */
  configDir?: string;
}

export async function dataInspect(options: DataInspectOptions): Promise<InspectResult> {
  const { config } = options;
  if (!config) {
    if (options.file === undefined) throw new DataError('data inspect: name a file, or give --config (then its data.path is read)');
    const file = path.resolve(options.cwd, options.file);
    const problem = await notRegularFile(file);
    if (problem) throw new DataError(`${options.file}: ${problem}`, { file: options.file });
    return inspectDataset(readArrow(file), options.file);
  }
  const file = options.file === undefined ? resolveConfigPath({ dir: options.configDir ?? options.cwd }, config.data.path) : path.resolve(options.cwd, options.file);
  const shown = shownPath(options.cwd, file);
  const loaded = await loadDataset({ ...config, data: { ...config.data, path: file } }, { dir: options.cwd, cwd: options.cwd });
  return inspectWithConfig(inspectDataset(loaded.dataset, shown), loaded.dataset, config, shown);
}
