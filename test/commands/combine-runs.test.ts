import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { run, type RunOutcome } from '../../src/commands/run';
import { readRun } from '../../src/results/run-dir';
import { summarize } from '../../src/study/summary';
import type { StudySummary } from '../../src/study/types';
import { jobPath, modelJobsPath } from '../results/job-path';
import { projectWith, tinyStudy } from './tiny-study';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** A summary without what differs between two runs of the same jobs: run ids and wall times. */
function numbers(summary: StudySummary): unknown {
  return JSON.parse(JSON.stringify(summary, (key, value) => (key === 'run_id' || key === 'wall_s' ? undefined : value)));
}

describe('one run, filled by several commands', () => {
  const study = tinyStudy({ name: 'fill' });
  const full = projectWith(study);
  const parts = projectWith(study);
  let whole: RunOutcome;
  const steps: RunOutcome[] = [];

  beforeAll(async () => {
    whole = await run({ config: full.file, cwd: full.cwd, jobs: 1 });
    steps.push(await run({ config: parts.file, cwd: parts.cwd, jobs: 1, models: ['single_task', 'mmoe'], seed: 1 }));
    steps.push(await run({ config: parts.file, cwd: parts.cwd, jobs: 1, models: ['ple'], seed: 1 }));
    steps.push(await run({ config: parts.file, cwd: parts.cwd, jobs: 1 }));
  });

  test('each command trains only the jobs the run lacks, into the same run directory', () => {
    expect(whole.ran).toBe(6);
    expect(steps.map((s) => [s.ran, s.skipped])).toEqual([[2, 0], [1, 2], [3, 3]]);
    expect(new Set(steps.map((s) => s.runDir)).size).toBe(1);
    expect(readdirSync(path.dirname(steps[0].runDir))).toHaveLength(1);
  });

  test('a model asked for later is paired with the baseline trained earlier', () => {
    const ple = steps[1].summaries[0].summary.models.find((m) => m.model === 'ple')!;
    expect(ple.gains).not.toBeNull();
    expect(steps[1].summaries[0].summary.notes.join(' ')).not.toMatch(/cannot be computed/);
  });

  test('the filled run gives the same numbers as one full run, bit for bit', async () => {
    expect(numbers(steps[2].summaries[0].summary)).toEqual(numbers(whole.summaries[0].summary));
    const a = await readRun(whole.runDir);
    const b = await readRun(steps[2].runDir);
    expect(b.jobs.map((j) => [j.model, j.seed, j.metrics])).toEqual(a.jobs.map((j) => [j.model, j.seed, j.metrics]));
    expect(readJson(path.join(steps[2].runDir, 'config.json'))).toEqual(readJson(path.join(whole.runDir, 'config.json')));
  });

  test("changing one model's arguments retrains only that model; its old jobs stay, unused", async () => {
    const file = path.join(parts.cwd, parts.file);
    const raw = parse(readFileSync(file, 'utf8'));
    raw.models = raw.models.map((m: Record<string, unknown>) => (m.name === 'mmoe' ? { ...m, experts: 3 } : m));
    writeFileSync(file, stringify(raw));
    const oldFolder = modelJobsPath(steps[2].runDir, 'mmoe');
    const changed = await run({ config: parts.file, cwd: parts.cwd, jobs: 1 });
    expect(changed.runDir).toBe(steps[2].runDir);
    expect([changed.ran, changed.skipped]).toEqual([2, 4]);
    expect(readJson(path.join(changed.runDir, 'config.json')).models.find((m: { name: string }) => m.name === 'mmoe').args.experts).toBe(3);
    expect(modelJobsPath(changed.runDir, 'mmoe')).not.toBe(oldFolder);
    expect(existsSync(path.join(oldFolder, 'seed-1', 'metrics.json'))).toBe(true);
    const mmoe = changed.summaries[0].summary.models.find((m) => m.model === 'mmoe')!;
    expect(mmoe.parameters).toBeGreaterThan(whole.summaries[0].summary.models.find((m) => m.model === 'mmoe')!.parameters!);
  });
});

describe('a run written before jobs were keyed by their arguments', () => {
  test('is still read by compare and report (jobs/<model>/seed-<s>, no job_layout in its manifest)', async () => {
    const project = projectWith(tinyStudy({ name: 'legacy', training: { epochs: 1, seeds: [1, 2] } }));
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    const before = summarize(await readRun(outcome.runDir, undefined, { testOutputs: true }));
    for (const model of ['single_task', 'mmoe', 'ple']) {
      const folder = modelJobsPath(outcome.runDir, model);
      for (const seed of [1, 2]) renameSync(jobPath(outcome.runDir, model, seed), path.join(outcome.runDir, 'jobs', model, `seed-${seed}`));
      rmSync(folder, { recursive: true });
    }
    const manifest = readJson(path.join(outcome.runDir, 'manifest.json'));
    delete manifest.job_layout;
    writeFileSync(path.join(outcome.runDir, 'manifest.json'), JSON.stringify(manifest));
    const legacy = await readRun(outcome.runDir, undefined, { testOutputs: true });
    expect(legacy.jobs).toHaveLength(6);
    expect(numbers(summarize(legacy))).toEqual(numbers(before));
  });
});
