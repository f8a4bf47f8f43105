import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compare } from '../../src/commands/compare';
import { run } from '../../src/commands/run';
import { auc } from '../../src/metrics/auc';
import { mse } from '../../src/metrics/mse';
import { readArrow } from '../../src/data/arrow';
import { readRun } from '../../src/results/run-dir';
import type { RunReporter } from '../../src/run/types';
import { projectWith, tinyStudy } from './tiny-study';
import { jobPath } from '../results/job-path';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('ple run keeps what its statistics need', () => {
  const project = projectWith(tinyStudy({ name: 'tiny-stats', training: { epochs: 1, batch_size: 128, learning_rate: 0.01, seeds: [1, 2, 3] } }));
  let runDir = '';

  it('writes the test set once and each job\'s outputs as Arrow, in the same row order, scoring to the job\'s metrics', async () => {
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    runDir = outcome.runDir;
    const test = readArrow(path.join(runDir, 'test-set.arrow'));
    const job = readArrow(path.join(jobPath(runDir, 'mmoe', 2), 'predictions.arrow'));
    expect(Array.from(job.columns.row)).toEqual(Array.from(test.columns.row));
    expect(job.columns['pred.vtr']).toBeInstanceOf(Float32Array);
    const metrics = readJson(path.join(jobPath(runDir, 'mmoe', 2), 'metrics.json')).metrics;
    expect(auc(job.columns['pred.vtr'], test.columns['label.vtr'], test.columns['mask.vtr'])).toBe(metrics.vtr.auc);
    expect(mse(job.columns['pred.vcr'], test.columns['label.vcr'], test.columns['mask.vcr'])).toBeCloseTo(metrics.vcr.mse, 6);
    // test rows are the data file's rows of day 8
    const data = readArrow(path.join(project.cwd, 'data', 'tiny.arrow'));
    expect(Array.from(test.columns.row).every((r) => data.columns.day[r] === 8)).toBe(true);
  });

  it('gains carry seed+test intervals, wider than the seeds-only ones they keep beside them, and p adjusted over the family', () => {
    const summary = readJson(path.join(runDir, 'summary.json'));
    expect(summary.statistics).toMatchObject({ correction: 'holm', interval: 'seeds+test', covers: ['model seeds', 'test rows'], resamples: 1000, family_size: 4 });
    expect(readJson(path.join(runDir, 'manifest.json')).statistics).toEqual(summary.statistics);
    const g = summary.models.find((m: { model: string }) => m.model === 'ple').gains.vtr;
    expect(g.covers).toEqual(['model seeds', 'test rows']);
    expect(g.half_width).toBeGreaterThan(g.seeds_only.half_width);
    expect(g.p).toBeGreaterThanOrEqual(g.seeds_only.p);
    expect(g.p_adjusted).toBeGreaterThanOrEqual(g.p);
    expect(summary.models.find((m: { model: string }) => m.model === 'ple').flops_per_sample).toBeGreaterThan(0);
  });

  it('re-reads the same jobs with other settings: deterministic, and a finished run is not retrained for them', async () => {
    const data = await readRun(runDir, undefined, { testOutputs: true });
    const again = (await compare({ runs: [data], json: true })).json;
    expect(again).toEqual(readJson(path.join(runDir, 'summary.json')));
    const seedsOnly = (await compare({ runs: [data], json: true, statistics: { interval: 'seeds', correction: 'none' } })).summaries[0];
    expect(seedsOnly.statistics?.covers).toEqual(['model seeds']);
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    expect(outcome.status).toBe('already-complete');
    expect(outcome.runDir).toBe(runDir);
  });
});

describe('a resume with other statistics settings', () => {
  it('is the same run: nothing refused, nothing retrained, the new settings in force', async () => {
    const project = projectWith(tinyStudy({ name: 'tiny-restat', training: { epochs: 1, batch_size: 128, learning_rate: 0.01, seeds: [1, 2] } }));
    const controller = new AbortController();
    const stopAfterOne: RunReporter = { info: () => {}, jobStart: () => {}, jobProgress: () => {}, jobEnd: () => controller.abort() };
    const first = await run({ config: project.file, cwd: project.cwd, jobs: 1, reporter: stopAfterOne, signal: controller.signal });
    expect(first.status).toBe('interrupted');
    const file = path.join(project.cwd, project.file);
    writeFileSync(file, readFileSync(file, 'utf8') + 'study: { correction: bh, interval: seeds }\n');
    const second = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    expect(second.runDir).toBe(first.runDir);
    expect(second.status).toBe('complete');
    expect([second.ran, second.skipped]).toEqual([5, 1]);
    expect(second.summaries[0].summary.statistics).toMatchObject({ correction: 'bh', interval: 'seeds', covers: ['model seeds'] });
  });
});

describe('ple run --data-seeds', () => {
  const project = projectWith(tinyStudy({ name: 'tiny-worlds', training: { epochs: 1, batch_size: 128, learning_rate: 0.01, seeds: [1, 2] } }));

  it('trains every model × seed in each world, caches each world, and pairs gains within (world, seed)', async () => {
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1, dataSeeds: 3, models: ['single_task', 'mmoe'] });
    expect(outcome.ran).toBe(12);
    const runDir = outcome.runDir;
    expect(readJson(path.join(runDir, 'config.json')).training.data_seeds).toEqual([1, 2, 3]);
    for (const world of [1, 2, 3]) {
      expect(existsSync(path.join(jobPath(runDir, 'mmoe', 2, world), 'metrics.json'))).toBe(true);
      expect(existsSync(path.join(runDir, 'worlds', `data-${world}`, 'test-set.arrow'))).toBe(true);
      expect(existsSync(path.join(project.cwd, 'data', `tiny.seed-${world}.arrow`))).toBe(true);
    }
    const manifest = readJson(path.join(runDir, 'manifest.json'));
    expect(manifest.worlds.map((w: { seed: number }) => w.seed)).toEqual([1, 2, 3]);
    expect(new Set(manifest.worlds.map((w: { sha256: string }) => w.sha256)).size).toBe(3);

    const summary = outcome.summaries[0].summary;
    const mmoe = summary.models.find((m) => m.model === 'mmoe')!;
    expect(mmoe.per_seed.map((s) => `${s.data_seed}/${s.seed}`)).toEqual(['1/1', '1/2', '2/1', '2/2', '3/1', '3/2']);
    expect(mmoe.gains!.vtr).toMatchObject({ n: 6, df: 2, covers: ['data seeds', 'model seeds', 'test rows'] });
    // the gain of world 2, seed 1 is that world's mmoe against that world's single-task job
    const metric = (model: string) => readJson(path.join(jobPath(runDir, model, 1, 2), 'metrics.json')).metrics.vtr.auc;
    expect(mmoe.per_seed[2].gains!.vtr).toBeCloseTo(metric('mmoe') - metric('single_task'), 10);
    expect(summary.statistics!.worlds).toEqual([1, 2, 3]);
  });
});
