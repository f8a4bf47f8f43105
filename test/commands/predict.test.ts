import * as tf from '@tensorflow/tfjs';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { predict } from '../../src/commands/predict';
import { run, type RunOutcome } from '../../src/commands/run';
import { readArrow } from '../../src/data/arrow';
import { sigmoid } from '../../src/train/evaluate';
import { cli } from '../cli/in-process';
import { jobPath } from '../results/job-path';
import { ownCsvProject } from './own-csv';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const bits = (values: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(values).buffer));

describe('saved models and predictions', () => {
  const project = ownCsvProject({ name: 'kept', training: { epochs: 2, batch_size: 64, learning_rate: 0.01, seeds: [1, 2], save_models: true, save_predictions: true } });
  let outcome: RunOutcome;
  beforeAll(async () => {
    outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
  });

  test('each job keeps its model as a tfjs weights manifest and binary, with the run\'s vocabularies and statistics', async () => {
    const dir = path.join(jobPath(outcome.runDir, 'mmoe', 2), 'model');
    const model = readJson(path.join(dir, 'model.json'));
    expect(model).toMatchObject({ format: 'ple model', version: 1, model: { name: 'mmoe', arch: 'mmoe' }, seed: 2, batch_size: 64 });
    expect(model.input.categorical.map((c: { name: string }) => c.name)).toEqual(['city', 'user', 'device']);
    const specs = model.weightsManifest[0].weights;
    expect(model.weightsManifest[0].paths).toEqual(['weights.bin']);
    const bytes = readFileSync(path.join(dir, 'weights.bin'));
    // any tfjs reads it: tf.io.decodeWeights with the manifest's entries
    const decoded = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), specs);
    expect(Object.keys(decoded)).toContain('experts/dense_0/kernel');
    expect(decoded['experts/dense_0/kernel'].shape).toEqual(specs.find((s: { name: string }) => s.name === 'experts/dense_0/kernel').shape);
    tf.dispose(Object.values(decoded));
    expect(readJson(path.join(dir, 'preprocessing.json'))).toEqual(readJson(path.join(outcome.runDir, 'preprocessing.json')));
  });

  test('save_predictions: row, split, each task\'s label, mask, output and probability; test rows first, in the test set\'s order', () => {
    const file = readArrow(path.join(jobPath(outcome.runDir, 'hard_sharing', 1), 'predictions.arrow'));
    const test = readArrow(path.join(outcome.runDir, 'test-set.arrow'));
    expect(Object.keys(file.columns)).toEqual(['row', 'split', 'label.bought', 'mask.bought', 'pred.bought', 'prob.bought', 'label.returned', 'mask.returned', 'pred.returned', 'prob.returned']);
    expect(file.dictionaries?.split).toEqual(['test', 'validation']);
    const split = Array.from(file.columns.split);
    expect(split.slice(0, test.rows).every((s) => s === 0)).toBe(true);
    expect(split.slice(test.rows).every((s) => s === 1)).toBe(true);
    expect(file.rows - test.rows).toBe(60); // the CSV's validation rows
    expect(Array.from(file.columns.row.subarray(0, test.rows))).toEqual(Array.from(test.columns.row));
    expect(Array.from(file.columns['label.bought'].subarray(0, test.rows))).toEqual(Array.from(test.columns['label.bought']));
    expect(Array.from(file.columns['prob.bought'])).toEqual(Array.from(file.columns['pred.bought'], (z) => Math.fround(sigmoid(z))));
    // the labels are the CSV's: row ids index its data rows
    const lines = readFileSync(path.join(project.cwd, project.csv), 'utf8').split('\n').slice(1);
    file.columns.row.forEach((r, i) => expect(file.columns['label.returned'][i]).toBe(Number(lines[r].split(',')[6])));
    // the statistics still bootstrap the test rows
    expect(outcome.summaries[0].summary.statistics!.covers).toContain('test rows');
  });

  test('`ple predict` scores the run\'s own data file and gives its test predictions bit for bit', async () => {
    const r = await predict({ run: outcome.runDir, file: project.csv, model: 'mmoe', seed: 2, cwd: project.cwd });
    expect(path.basename(r.path)).toBe('shop.mmoe.seed-2.predictions.arrow');
    const scored = readArrow(r.path);
    expect(scored.rows).toBe(600);
    expect(Object.keys(scored.columns)).toEqual(['row', 'label.bought', 'mask.bought', 'pred.bought', 'prob.bought', 'label.returned', 'mask.returned', 'pred.returned', 'prob.returned']);
    const job = readArrow(path.join(jobPath(outcome.runDir, 'mmoe', 2), 'predictions.arrow'));
    const rows = Array.from(job.columns.row);
    for (const task of ['bought', 'returned']) {
      expect(bits(rows.map((row) => scored.columns[`pred.${task}`][row]))).toEqual(bits(job.columns[`pred.${task}`]));
    }
    // users u7, u8, u9, u17, … appear only on validation and test rows (part follows the row number): 12 users × 15 rows
    expect(r.unseen).toEqual([{ name: 'city', rows: 0 }, { name: 'user', rows: 180 }, { name: 'device', rows: 0 }]);
  });

  test('a new file without labels, with a category the training rows never had', async () => {
    writeFileSync(path.join(project.cwd, 'new.csv'), ['city,user,device,income', 'Paris,u1,0,50000', 'Atlantis,u999,10,70000', 'Lyon,u2,30,20000'].join('\n'));
    const r = await predict({ run: 'kept', file: 'new.csv', model: 'single_task', seed: 1, out: 'scored/new.arrow', cwd: project.cwd });
    const scored = readArrow(r.path);
    expect(Object.keys(scored.columns)).toEqual(['row', 'pred.bought', 'prob.bought', 'pred.returned', 'prob.returned']);
    expect(Array.from(scored.columns.row)).toEqual([0, 1, 2]);
    expect(r.unseen).toEqual([{ name: 'city', rows: 1 }, { name: 'user', rows: 1 }, { name: 'device', rows: 1 }]);
    await expect(predict({ run: 'kept', file: 'new.csv', model: 'single_task', seed: 1, out: 'scored/new.arrow', cwd: project.cwd })).rejects.toThrow(/^scored\/new\.arrow \(--out\): exists; add --force/);
    await expect(predict({ run: 'kept', file: 'new.csv', model: 'single_task', seed: 1, out: 'new.csv', force: true, cwd: project.cwd })).rejects.toThrow(/^new\.csv \(--out\): is the input file new\.csv/);
  });

  test('the command line: ple predict <run> <file> --model --seed', async () => {
    const ok = await cli(['predict', 'kept', project.csv, '--model', 'mmoe', '--seed', '1', '--out', 'cli.arrow'], project.cwd);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^cli\.arrow: 600 rows scored; rows with a category the training rows never had \(scored as unseen\): user 180\n$/);
    const missing = await cli(['predict', 'kept', project.csv, '--seed', '1'], project.cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Missing required argument: model/);
  });

  test.each([
    ['a model the run lacks', { model: 'ple', seed: 1 }, /^--model: "ple" is not a model of results\/kept\/\S+ \(models: single_task, hard_sharing, mmoe\)$/],
    ['a seed the run lacks', { model: 'mmoe', seed: 9 }, /^--seed: results\/kept\/\S+ has no finished job of model "mmoe" with seed 9 \(seeds: 1, 2\)$/],
    ['a data seed in a run without them', { model: 'mmoe', seed: 1, dataSeed: 2 }, /^--data-seed: results\/kept\/\S+ has no data seeds$/],
  ])('refuses %s', async (_name, args, pattern) => {
    await expect(predict({ run: outcome.runDir, file: project.csv, cwd: project.cwd, ...args })).rejects.toThrow(pattern);
  });

  test('a file without a feature column is refused, naming it', async () => {
    writeFileSync(path.join(project.cwd, 'partial.csv'), 'city,user\nParis,u1\n');
    await expect(predict({ run: outcome.runDir, file: 'partial.csv', model: 'mmoe', seed: 1, cwd: project.cwd })).rejects.toThrow(/^partial\.csv: column "device": missing \(needed as categorical feature\)/);
  });
});

describe('a run trained without save_models', () => {
  const project = ownCsvProject({ name: 'plain', training: { epochs: 1, batch_size: 64, seeds: [1] } });

  test('predict says so, and turning save_models on retrains the jobs with the same numbers and their models', async () => {
    const first = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    await expect(predict({ run: 'plain', file: project.csv, model: 'mmoe', seed: 1, cwd: project.cwd })).rejects.toThrow(
      /mmoe\/[0-9a-f]{8}\/seed-1\/model\/model\.json: missing; the job was trained without training\.save_models: true; set it in the config and run it again/,
    );
    const file = path.join(project.cwd, project.file);
    const raw = parse(readFileSync(file, 'utf8'));
    writeFileSync(file, stringify({ ...raw, training: { ...raw.training, save_models: true } }));
    const second = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    expect(second.runDir).toBe(first.runDir);
    expect([second.ran, second.skipped]).toEqual([3, 0]);
    const metrics = (o: RunOutcome) => o.summaries[0].summary.models.map((m) => m.per_seed.map((s) => s.metrics));
    expect(metrics(second)).toEqual(metrics(first));
    expect((await predict({ run: 'plain', file: project.csv, model: 'mmoe', seed: 1, cwd: project.cwd })).rows).toBe(600);
    const third = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    expect(third.status).toBe('already-complete');
  });
});

describe('models and predictions from worker threads', () => {
  test('jobs trained in parallel keep the same files', async () => {
    const project = ownCsvProject({ name: 'parallel', training: { epochs: 1, batch_size: 64, seeds: [1], save_models: true, save_predictions: true } });
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 2 });
    expect(outcome.ran).toBe(3);
    for (const model of ['single_task', 'hard_sharing', 'mmoe']) {
      const dir = jobPath(outcome.runDir, model, 1);
      expect(readJson(path.join(dir, 'model', 'model.json')).model.name).toBe(model);
      expect(readArrow(path.join(dir, 'predictions.arrow')).dictionaries?.split).toEqual(['test', 'validation']);
    }
    expect((await predict({ run: outcome.runDir, file: project.csv, model: 'hard_sharing', seed: 1, cwd: project.cwd })).rows).toBe(600);
  });
});
