/**
 * Wall time of a whole study with --jobs 1 and --jobs 2 (and the speed-up),
 * each run fresh into a temporary results folder, through the built CLI;
 * then the cost of its statistics: reading the kept test outputs, and the
 * summary with intervals over seeds and over seeds + test rows (the
 * bootstrap). `--run DIR` times the statistics of a finished run only.
 *
 *   npm run bench:study [-- --config configs/quick.yaml --jobs 1,2]
 *   npm run bench:study -- --run results/vtr-vcr/<run id>
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../src/package-root';
import { readStudy } from '../src/results/run-dir';
import { summarize } from '../src/study/summary';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

interface Timing {
  jobs: number;
  wall: number;
  perJob: number[];
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function bytesUnder(dir: string, name: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(full, name);
    else if (entry.name === name) total += statSync(full).size;
  }
  return total;
}

/** The statistics' cost on a finished run: read with its test outputs, then summarised both ways. */
async function timeStatistics(runDir: string): Promise<void> {
  let start = process.hrtime.bigint();
  const points = await readStudy(runDir, { testOutputs: true });
  const read = seconds(start);
  start = process.hrtime.bigint();
  for (const p of points) summarize(p.run, { interval: 'seeds' });
  const seedsOnly = seconds(start);
  start = process.hrtime.bigint();
  const summaries = points.map((p) => summarize(p.run, { interval: 'seeds+test' }));
  const withTest = seconds(start);
  const jobs = points.reduce((n, p) => n + p.run.jobs.length, 0);
  const resamples = summaries[0]?.statistics?.resamples ?? 0;
  const mib = (bytesUnder(runDir, 'predictions.arrow') + bytesUnder(runDir, 'test-set.arrow')) / 2 ** 20;
  console.log(
    `statistics of ${jobs} jobs: reading jobs and test outputs ${read.toFixed(2)} s (${mib.toFixed(1)} MiB of Arrow); ` +
      `summary over seeds ${seedsOnly.toFixed(2)} s; over seeds + test rows (${resamples} resamples) ${withTest.toFixed(2)} s`,
  );
}

async function runStudy(config: string, jobs: number, onRun: (runDir: string) => Promise<void>): Promise<Timing> {
  const root = packageRoot();
  const out = mkdtempSync(path.join(os.tmpdir(), 'ple-bench-'));
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [path.join(root, 'bin/ple'), 'run', config, '--jobs', String(jobs), '--fresh', '--out', out], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    });
    const wall = seconds(start);
    if (result.status !== 0) throw new Error(`ple run failed:\n${result.stderr}`);
    const runDir = /results: (\S+)/.exec(result.stdout)![1];
    JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8')); // the run finished and summarised
    await onRun(runDir);
    const perJob = [...result.stdout.matchAll(/([\d,]+) samples\/s/g)].map((m) => Number(m[1].replace(/,/g, '')));
    return { jobs, wall, perJob };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const finished = option('run', '');
  if (finished) return timeStatistics(path.resolve(finished));
  const config = option('config', 'configs/quick.yaml');
  const jobsList = option('jobs', '1,2').split(',').map(Number);
  console.log(`study ${config}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  const timings: Timing[] = [];
  // the statistics are timed once, on the first run, before its folder goes
  for (const jobs of jobsList) timings.push(await runStudy(config, jobs, async (dir) => (timings.length === 0 ? timeStatistics(dir) : undefined)));
  for (const t of timings) {
    const mean = t.perJob.reduce((a, b) => a + b, 0) / Math.max(t.perJob.length, 1);
    console.log(`--jobs ${t.jobs}: ${t.wall.toFixed(1)} s wall, ${t.perJob.length} jobs, mean ${Math.round(mean)} training samples/s per job`);
  }
  if (timings.length >= 2) console.log(`speed-up of --jobs ${timings[1].jobs} over --jobs ${timings[0].jobs}: ${(timings[0].wall / timings[1].wall).toFixed(2)}×`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
