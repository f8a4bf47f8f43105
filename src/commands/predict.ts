import * as path from 'node:path';
import { selectBackend } from '../backend';
import { shownPath } from '../config/paths';
import type { Config } from '../config/types';
import { worldKey } from '../config/worlds';
import { writeArrow } from '../data/arrow';
import { DataError } from '../data/errors';
import { UserError } from '../errors';
import { notRegularFile } from '../fs/regular-file';
import { jobBlasThreads } from '../ops/native-blas';
import { storedConfigShape } from '../results/file-shapes';
import { readJob } from '../results/job-files';
import { FILES, jobDir, modelFolder, pointDir } from '../results/layout';
import { predictionColumns } from '../results/prediction-file';
import { readJsonFile } from '../results/read-json';
import { readManifest, resolveRunDir } from '../results/run-dir';
import { readSavedModel } from '../results/saved-model';
import { scoreFile } from '../run/score-file';
import type { BackendRequest } from '../run/types';
import { checkOutputFile } from './output-file';

export interface PredictOptions {
  /** a run directory, or a config name (its newest run) */
  run: string;
  /** the file to score (CSV, Parquet or Arrow, with the columns the run's config names), relative to cwd */
  file: string;
  model: string;
  seed: number;
  /** the world, in a run with data seeds */
  dataSeed?: number;
  /** the sweep point, in a run with a sweep */
  point?: string;
  /** Arrow file to write (default: `<file name>.<model>.seed-<seed>.predictions.arrow` in cwd) */
  out?: string;
  force?: boolean;
  /** results folder a config name is looked up in (default `results`) */
  results?: string;
  backend?: BackendRequest;
  cwd: string;
}

export interface PredictOutcome {
  path: string;
  rows: number;
  backend: string;
  /** rows whose category the run's training rows never had (scored with the out-of-vocabulary id 0) */
  unseen: { name: string; rows: number }[];
  warnings: string[];
}

const NO_MODEL = 'trained without training.save_models: true; set it in the config and run it again (ple run trains again the jobs that lack their model, with the same numbers)';

/**
 * `ple predict`: scores a new file with one job's saved model and the run's
 * preprocessing (`scoreFile`), and writes its predictions as Arrow
 * (`prediction-file.ts`: `row`, labels and masks where the file has them,
 * `pred.<task>`, `prob.<task>`).
 */
export async function predict(options: PredictOptions): Promise<PredictOutcome> {
  const runDir = await resolveRunDir(options.run, path.resolve(options.cwd, options.results ?? 'results'), options.cwd);
  const manifest = await readManifest(runDir);
  const shownRun = shownPath(options.cwd, runDir);
  const keys = manifest.sweep_points?.map((p) => p.key);
  if (keys && (options.point === undefined || !keys.includes(options.point))) throw new UserError(`--point: ${shownRun} is a sweep; name one of its points: ${keys.join(', ')}`);
  if (!keys && options.point !== undefined) throw new UserError(`--point: ${shownRun} has no sweep`);
  const dir = options.point === undefined ? runDir : pointDir(runDir, options.point);
  const config = (await readJsonFile(path.join(dir, FILES.config), storedConfigShape)) as Config;
  const model = config.models.find((m) => m.name === options.model);
  if (!model) throw new UserError(`--model: "${options.model}" is not a model of ${shownRun} (models: ${config.models.map((m) => m.name).join(', ')})`);
  const worlds = config.training.data_seeds;
  if (worlds && (options.dataSeed === undefined || !worlds.includes(options.dataSeed))) throw new UserError(`--data-seed: ${shownRun} has data seeds; name one of ${worlds.join(', ')}`);
  if (!worlds && options.dataSeed !== undefined) throw new UserError(`--data-seed: ${shownRun} has no data seeds`);
  const world = worldKey(config, options.dataSeed ?? config.data.seed);
  const job = jobDir(dir, modelFolder(model, manifest.job_layout), options.seed, world);
  if (!(await readJob(dir, modelFolder(model, manifest.job_layout), model.name, options.seed, world))) {
    throw new UserError(`--seed: ${shownRun} has no finished job of model "${model.name}" with seed ${options.seed} (seeds: ${config.training.seeds.join(', ')})`);
  }
  const saved = await readSavedModel(path.join(job, FILES.model), `the job was ${NO_MODEL}`);

  const input = path.resolve(options.cwd, options.file);
  const problem = await notRegularFile(input);
  if (problem) throw new DataError(`${options.file}: ${problem}`, { file: options.file });
  const shownOut = options.out ?? `${path.parse(options.file).name}.${model.name}.seed-${options.seed}.predictions.arrow`;
  const out = path.resolve(options.cwd, shownOut);
  await checkOutputFile(out, `${shownOut} (--out)`, [{ file: input, what: `the input file ${options.file}` }], options.force);

  const backend = await selectBackend(options.backend ?? 'auto', { blasThreads: jobBlasThreads(1) });
  const scored = await scoreFile(input, options.file, saved, config.data.file, config.split);
  const heads = saved.tasks.map((t) => ({ name: t.name, type: t.type }));
  const table = predictionColumns([scored.part], heads, { split: false, full: true, labelled: scored.labelled });
  await writeArrow(out, { ...table, metadata: { kind: 'ple predictions', run: manifest.run_id, model: model.name, seed: String(options.seed), source_file: path.basename(input) } });
  return { path: out, rows: table.rows, backend: `${backend.name} (${backend.detail})`, unseen: scored.unseen, warnings: scored.warnings };
}
