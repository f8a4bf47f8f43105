import * as path from 'path';
import type { Config } from '../config/types';
import { readArrow, writeArrow } from '../data/arrow';
import { DataError } from '../data/errors';
import { importFile } from '../data/import';
import { inspectDataset, type InspectResult } from '../data/inspect';
import { loadDataset, type DataProgress } from '../data/load';
import { renderInspect } from '../data/render-inspect';

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
  /** regenerate even when the file at data.path matches the config */
  force?: boolean;
  onProgress?: (event: DataProgress) => void;
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
  const loaded = await loadDataset(config, { cwd: options.cwd, force: options.force, onProgress: options.onProgress });
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
}

export async function dataImport(options: DataImportOptions): Promise<{ path: string; rows: number }> {
  const input = path.resolve(options.cwd, options.file);
  const dataset = await importFile(input, options.config, options.file);
  const out = path.resolve(options.cwd, options.out ?? defaultOut(options.file));
  if (out === input) throw new DataError(`${options.file}: the output would overwrite the input; choose another --out`);
  await writeArrow(out, dataset);
  return { path: out, rows: dataset.rows };
}

function defaultOut(file: string): string {
  const parsed = path.parse(file);
  const name = parsed.ext.toLowerCase() === '.arrow' ? `${parsed.name}.imported.arrow` : `${parsed.name}.arrow`;
  return path.join(parsed.dir, name);
}

export async function dataInspect(options: { file: string; cwd: string }): Promise<InspectResult> {
  const dataset = readArrow(path.resolve(options.cwd, options.file));
  return inspectDataset(dataset, options.file);
}
