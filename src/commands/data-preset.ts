import * as path from 'node:path';
import { writeArrow } from '../data/arrow';
import { DataError } from '../data/errors';
import { censusIncome } from '../data/presets/census-income';
import type { Dataset } from '../data/types';
import { notRegularFile } from '../fs/regular-file';
import { removeStaleTemps } from '../fs/stale-temps';
import { checkOutputFile } from './output-file';

/** Public data sets `ple data import --preset` reads in their raw, published form. */
export const PRESETS = {
  'census-income': {
    /** what the files are, for messages */
    files: ['census-income.data (the training file)', 'census-income.test (the test file)'],
    /** where configs/census-income.yaml reads the result, from the project folder */
    out: path.join('data', 'census-income.arrow'),
    read: (files: string[], shown: string[]): Dataset => censusIncome(files[0], files[1], [shown[0], shown[1]]),
  },
} as const;

export type PresetName = keyof typeof PRESETS;

export interface PresetImportOptions {
  preset: PresetName;
  /** the raw files, relative to cwd, in the preset's order */
  files: string[];
  cwd: string;
  /** Arrow file to write (default: the preset's, relative to cwd) */
  out?: string;
  force?: boolean;
}

/** `ple data import --preset NAME FILES…`: turns a public data set's raw files into the study's format, as Arrow. */
export async function dataImportPreset(options: PresetImportOptions): Promise<{ path: string; rows: number; parts: Record<string, number> }> {
  const preset = PRESETS[options.preset];
  if (options.files.length !== preset.files.length) {
    throw new DataError(`--preset ${options.preset}: expected ${preset.files.length} files (${preset.files.join(', then ')}), got ${options.files.length}`);
  }
  const files = options.files.map((f) => path.resolve(options.cwd, f));
  for (const [i, file] of files.entries()) {
    const problem = await notRegularFile(file);
    if (problem) throw new DataError(`${options.files[i]}: ${problem}`, { file: options.files[i] });
  }
  const shownOut = options.out ?? preset.out;
  const out = path.resolve(options.cwd, shownOut);
  await checkOutputFile(out, `${shownOut} (--out)`, files.map((file, i) => ({ file, what: `the input file ${options.files[i]}` })), options.force);
  const dataset = preset.read(files, options.files);
  await removeStaleTemps(path.dirname(out), { of: [path.basename(out)] });
  await writeArrow(out, dataset);
  const split = dataset.columns.split;
  const names = dataset.dictionaries?.split ?? [];
  const parts = Object.fromEntries(names.map((n, code) => [n, split.filter((c) => c === code).length]));
  return { path: out, rows: dataset.rows, parts };
}
