import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compare } from '../../src/commands/compare';
import { run } from '../../src/commands/run';
import { loadNativeBlas } from '../../src/ops/native-blas';
import { readRun } from '../../src/results/run-dir';
import type { RunReporter } from '../../src/run/types';
import type { JobResult } from '../../src/train/types';
import { projectWith, tinyStudy } from './tiny-study';
import { jobPath } from '../results/job-path';

const BIN = path.resolve(__dirname, '../../bin/ple');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

function jobFiles(runDir: string): Map<string, { bytes: string; mtime: number }> {
  const out = new Map<string, { bytes: string; mtime: number }>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(path.relative(runDir, full), { bytes: readFileSync(full, 'utf8'), mtime: statSync(full).mtimeMs });
    }
  };
  walk(path.join(runDir, 'jobs'));
  return out;
}

describe('ple run, end to end on a tiny study', () => {
  const project = projectWith(tinyStudy());
  let runDir = '';

  it('trains every model × seed and writes the results layout', async () => {
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    expect(outcome.status).toBe('complete');
    expect(outcome.ran).toBe(6);
    runDir = outcome.runDir;
    expect(path.dirname(runDir)).toBe(path.join(project.cwd, 'results', 'tiny'));

    const manifest = readJson(path.join(runDir, 'manifest.json'));
    expect(manifest.backend).toMatch(/wasm|cpu|tensorflow/);
    expect(manifest.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.versions['@tensorflow/tfjs']).toBeDefined();
    expect(manifest.finished_at).toBeDefined();
    expect(readJson(path.join(runDir, 'config.json')).models).toHaveLength(3);

    for (const model of ['single_task', 'mmoe', 'ple']) {
      for (const seed of [1, 2]) {
        const dir = jobPath(runDir, model, seed);
        const metrics = readJson(path.join(dir, 'metrics.json'));
        expect(metrics.status).toBe('ok');
        expect(metrics.metrics.vtr.auc).toBeGreaterThan(0);
        expect(metrics.metrics.vcr.mse).toBeGreaterThan(0);
        const history = readFileSync(path.join(dir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
        expect(history.length).toBeGreaterThanOrEqual(1);
        expect(history[0].weights).toEqual({ vtr: 1, vcr: 1 });
      }
    }
    // gated models record their gates
    expect(readJson(path.join(jobPath(runDir, 'ple', 1), 'gates.json')).length).toBeGreaterThan(0);
  });

  it('summary.json equals what compare --json prints, and gains are metric differences', async () => {
    const summary = readJson(path.join(runDir, 'summary.json'));
    const data = await readRun(runDir, undefined, { testOutputs: true });
    const { text } = await compare({ runs: [data], json: true });
    expect(JSON.parse(text)).toEqual(summary);

    const metric = (model: string, seed: number, task: string, key: 'auc' | 'mse') =>
      readJson(path.join(jobPath(runDir, model, seed), 'metrics.json')).metrics[task][key] as number;
    const expectedVtr = ((metric('ple', 1, 'vtr', 'auc') - metric('single_task', 1, 'vtr', 'auc')) + (metric('ple', 2, 'vtr', 'auc') - metric('single_task', 2, 'vtr', 'auc'))) / 2;
    const expectedVcr = ((metric('single_task', 1, 'vcr', 'mse') - metric('ple', 1, 'vcr', 'mse')) + (metric('single_task', 2, 'vcr', 'mse') - metric('ple', 2, 'vcr', 'mse'))) / 2;
    const json = JSON.stringify(summary);
    expect(json).toContain(String(expectedVtr).slice(0, 8));
    expect(json).toContain(String(expectedVcr).slice(0, 8));
  });

  it('says a finished run is complete and rewrites nothing', async () => {
    const before = jobFiles(runDir);
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    expect(outcome.status).toBe('already-complete');
    expect(jobFiles(runDir)).toEqual(before);
  });

  it('resumes: only a missing job is redone, the others keep their bytes', async () => {
    rmSync(path.join(runDir, 'summary.json'));
    rmSync(jobPath(runDir, 'mmoe', 2), { recursive: true });
    const before = jobFiles(runDir);
    const ended: string[] = [];
    const reporter: RunReporter = { info: () => {}, jobStart: () => {}, jobProgress: () => {}, jobEnd: (job) => ended.push(`${job.model}/${job.seed}`) };
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1, reporter });
    expect(outcome.status).toBe('complete');
    expect(ended).toEqual(['mmoe/2']);
    expect(outcome.skipped).toBe(5);
    const after = jobFiles(runDir);
    for (const [file, entry] of before) expect(after.get(file)).toEqual(entry);
    expect(after.has(path.join(path.relative(runDir, jobPath(runDir, 'mmoe', 2)), 'metrics.json'))).toBe(true);
  });

  it('stops cleanly when interrupted and finishes the rest on the next run', async () => {
    const controller = new AbortController();
    const ended: JobResult[] = [];
    const reporter: RunReporter = {
      info: () => {},
      jobStart: () => {},
      jobProgress: () => {},
      jobEnd: (_job, result) => {
        ended.push(result);
        controller.abort();
      },
    };
    const first = await run({ config: project.file, cwd: project.cwd, jobs: 1, fresh: true, reporter, signal: controller.signal });
    expect(first.status).toBe('interrupted');
    expect(first.ran).toBe(1);
    expect(readdirSync(path.join(first.runDir, 'jobs'))).toEqual([ended[0].model]);
    const second = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    expect(second.runDir).toBe(first.runDir);
    expect(second.status).toBe('complete');
    expect(second.ran).toBe(5);
    expect(second.skipped).toBe(1);
  });

  it('gives the same metrics in worker threads as the built CLI in one thread', async () => {
    const parallel = await run({ config: project.file, cwd: project.cwd, jobs: 2, fresh: true });
    expect(parallel.status).toBe('complete');
    const cli = spawnSync(process.execPath, [BIN, 'run', project.file, '--cwd', project.cwd, '--jobs', '1', '--fresh'], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(cli.status).toBe(0);
    const serialDir = /results: (\S+)/.exec(cli.stdout)![1];
    expect(serialDir).not.toBe(parallel.runDir);
    const a = await readRun(serialDir);
    const b = await readRun(parallel.runDir);
    expect(b.jobs.map((j) => j.metrics)).toEqual(a.jobs.map((j) => j.metrics));
    // parallel jobs keep one BLAS thread each (OpenBLAS rounds differently with more, src/ops/native-blas.ts); the
    // serial run's lone job uses every core with ple's sgemm, which gives the same bits with any thread count
    expect(parallel.backend).not.toMatch(/sgemm \((?!1 thread)/);
    const lone = loadNativeBlas()?.blas?.() === 'own' ? os.availableParallelism() : 1;
    const shown = /sgemm \((\d+) thread/.exec(cli.stdout + cli.stderr);
    if (shown !== null) expect(Number(shown[1])).toBe(lone);
  });

  it('adds what --models and --seed ask for to the run: its config.json holds every model and seed it has', async () => {
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1, models: ['single_task', 'ple'], seed: 7 });
    const config = readJson(path.join(outcome.runDir, 'config.json'));
    expect(config.models.map((m: { name: string }) => m.name)).toEqual(['single_task', 'mmoe', 'ple']);
    expect(config.training.seeds).toEqual([1, 2, 7]);
    expect(outcome.ran).toBe(2);
    expect(outcome.summaries[0].summary.models.map((m) => [m.model, m.seeds_ok])).toEqual([['single_task', [1, 2, 7]], ['mmoe', [1, 2]], ['ple', [1, 2, 7]]]);
  });
});
