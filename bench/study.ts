/**
 * Wall time of a whole study with --jobs 1 and --jobs 2 (and the speed-up),
 * each run fresh into a temporary results folder, through the built CLI.
 *
 *   npm run bench:study [-- --config configs/quick.yaml --jobs 1,2]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../src/package-root';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

interface Timing {
  jobs: number;
  wall: number;
  perJob: number[];
}

function runStudy(config: string, jobs: number): Timing {
  const root = packageRoot();
  const out = mkdtempSync(path.join(os.tmpdir(), 'ple-bench-'));
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [path.join(root, 'bin/ple'), 'run', config, '--jobs', String(jobs), '--fresh', '--out', out], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    });
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) throw new Error(`ple run failed:\n${result.stderr}`);
    const runDir = /results: (\S+)/.exec(result.stdout)![1];
    JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8')); // the run finished and summarised
    const perJob = [...result.stdout.matchAll(/([\d,]+) samples\/s/g)].map((m) => Number(m[1].replace(/,/g, '')));
    return { jobs, wall, perJob };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function main(): void {
  const config = option('config', 'configs/quick.yaml');
  const jobsList = option('jobs', '1,2').split(',').map(Number);
  console.log(`study ${config}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  const timings = jobsList.map((jobs) => runStudy(config, jobs));
  for (const t of timings) {
    const mean = t.perJob.reduce((a, b) => a + b, 0) / Math.max(t.perJob.length, 1);
    console.log(`--jobs ${t.jobs}: ${t.wall.toFixed(1)} s wall, ${t.perJob.length} jobs, mean ${Math.round(mean)} training samples/s per job`);
  }
  if (timings.length >= 2) console.log(`speed-up of --jobs ${timings[1].jobs} over --jobs ${timings[0].jobs}: ${(timings[0].wall / timings[1].wall).toFixed(2)}×`);
}

main();
