import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { reportStudy } from '../../src/commands/report-study';
import { run } from '../../src/commands/run';
import { readStudy } from '../../src/results/run-dir';
import type { RunReporter } from '../../src/run/types';
import { projectWith, tinyStudy } from './tiny-study';
import { jobPath, modelJobsPath } from '../results/job-path';

const study = tinyStudy({
  name: 'tiny-sweep',
  training: { epochs: 1, batch_size: 128, learning_rate: 0.01, seeds: [1] },
  models: [
    { name: 'single_task', arch: 'single_task', bottom: [8] },
    { name: 'cgc', arch: 'cgc', expert_units: [8] },
  ],
  sweep: { 'tasks[1].gamma': [0.5, 1.0] },
});

describe('a config with a sweep', () => {
  const project = projectWith(study);
  let runDir = '';

  it('runs every grid point as a sub-study of one run', async () => {
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    expect(outcome.status).toBe('complete');
    expect(outcome.summaries.map((s) => s.key)).toEqual(['gamma1=0.5', 'gamma1=1']);
    expect(outcome.ran).toBe(4);
    runDir = outcome.runDir;
    const point = path.join(runDir, 'points', 'gamma1=0.5');
    expect(JSON.parse(readFileSync(path.join(point, 'config.json'), 'utf8')).tasks[1].gamma).toBe(0.5);
    // the γ schedule is applied: ω(1) of vcr would be 0.5, ω(0) is ω₀
    const history = readFileSync(path.join(jobPath(point, 'cgc', 1), 'history.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(history[0]).weights).toEqual({ vtr: 1, vcr: 1 });
    const summary = JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
    expect(summary.points.map((p: { key: string }) => p.key)).toEqual(['gamma1=0.5', 'gamma1=1']);
    // rows per task of every point (a γ grid changes none: each equals the first point's)
    const manifest = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.point_samples)).toEqual(['gamma1=0.5', 'gamma1=1']);
    expect(manifest.point_samples['gamma1=1']).toEqual(manifest.samples);
    expect(manifest.samples.train.vtr).toBeGreaterThan(0);
  });

  it('resumes point by point', async () => {
    rmSync(path.join(runDir, 'summary.json'));
    rmSync(modelJobsPath(path.join(runDir, 'points', 'gamma1=1'), 'cgc'), { recursive: true });
    const ended: string[] = [];
    const reporter: RunReporter = { info: () => {}, jobStart: () => {}, jobProgress: () => {}, jobEnd: (job) => ended.push(`${job.point}/${job.model}`) };
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1, reporter });
    expect(outcome.runDir).toBe(runDir);
    expect(ended).toEqual(['gamma1=1/cgc']);
    // the resumed run's manifest still records every point's rows
    expect(Object.keys(JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')).point_samples)).toEqual(['gamma1=0.5', 'gamma1=1']);
  });

  it('reports the study with its table and figures, and one report per point', async () => {
    const result = await reportStudy({ points: await readStudy(runDir), dir: runDir, cwd: project.cwd });
    const markdown = readFileSync(path.join(runDir, 'report.md'), 'utf8');
    expect(markdown).toContain('tasks[1].gamma');
    for (const file of result.files) expect(existsSync(file)).toBe(true);
    expect(existsSync(path.join(runDir, 'points', 'gamma1=0.5', 'report.md'))).toBe(true);
  });
});
