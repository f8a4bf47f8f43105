import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { readArrow } from '../../src/data/arrow';
import { readRun } from '../../src/results/run-dir';
import { projectWith, tinyStudy } from '../commands/tiny-study';

const BIN = path.resolve(__dirname, '../../bin/ple');

interface Ended {
  pid: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(cwd: string, args: string[], onStdout?: (text: string) => void): { child: ChildProcess; ended: Promise<Ended> } {
  const child = spawn(process.execPath, [BIN, ...args, '--cwd', cwd], { env: { ...process.env, CI: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout?.(stdout);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<Ended>((resolve) => child.on('close', (code) => resolve({ pid: child.pid!, code, stdout, stderr })));
  return { child, ended };
}

/** `model seed N` of every job a `ple run` printed as finished. */
const trained = (stdout: string) => (stdout.match(/^\[\d+\/\d+\] \S+ seed \d+/gm) ?? []).map((l) => l.replace(/^\[\d+\/\d+\] /, ''));
const ALL_JOBS = ['mmoe seed 1', 'mmoe seed 2', 'ple seed 1', 'ple seed 2', 'single_task seed 1', 'single_task seed 2'];

/** The run's summary without what differs between two identical runs (its id, wall times). */
function summaryOf(runDir: string): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'run_id' && k !== 'wall_s').map(([k, v]) => [k, strip(v)]));
    return value;
  };
  return strip(JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8')));
}

const runDirOf = (cwd: string, name: string) => {
  const dirs = readdirSync(path.join(cwd, 'results', name)).filter((d) => !d.startsWith('.'));
  expect(dirs).toHaveLength(1);
  return path.join(cwd, 'results', name, dirs[0]);
};

describe('two processes on one run', () => {
  it('started together: one trains every job once, the other is refused naming it, and the result equals a single process\'s', async () => {
    const config = tinyStudy({ name: 'race' });
    const shared = projectWith(config);
    const alone = projectWith(config);
    const args = ['run', shared.file, '--jobs', '1'];
    const [a, b] = await Promise.all([start(shared.cwd, args).ended, start(shared.cwd, args).ended]);
    const [winner, loser] = a.code === 0 ? [a, b] : [b, a];
    expect(winner.code).toBe(0);
    expect(loser.code).toBe(2);
    expect(loser.stderr).toMatch(new RegExp(`^ple: results/race/\\S+: in use by another ple \\(pid ${winner.pid} on this host, since [^)]*running "ple run configs/race\\.yaml --jobs 1 --cwd [^"]+"\\); wait for it to finish`));
    expect(trained(a.stdout + b.stdout).sort()).toEqual(ALL_JOBS);

    const reference = await start(alone.cwd, ['run', alone.file, '--jobs', '1']).ended;
    expect(reference.code).toBe(0);
    const raced = runDirOf(shared.cwd, 'race');
    const single = runDirOf(alone.cwd, 'race');
    expect((await readRun(raced)).jobs.map((j) => j.metrics)).toEqual((await readRun(single)).jobs.map((j) => j.metrics));
    expect(summaryOf(raced)).toEqual(summaryOf(single));
  });

  it('started while the first trains: refused at once; the first finishes and no job is trained twice', async () => {
    // jobs of about a second, so the second process arrives while the first is mid-run
    const project = projectWith(
      tinyStudy({
        name: 'race-late',
        data: { source: 'video', path: '../data/late.arrow', seed: 5, video: { users: 60, videos: 40, new_videos_per_day: 5, impressions_per_day: 5000 } },
        training: { epochs: 6, batch_size: 128, learning_rate: 0.01, seeds: [1, 2], early_stopping: { patience: 10 } },
      }),
    );
    const args = ['run', project.file, '--jobs', '1'];
    let second: Promise<Ended> | undefined;
    const first = start(project.cwd, args, (stdout) => {
      if (!second && /^\[1\/6\]/m.test(stdout)) second = start(project.cwd, args).ended;
    });
    const ended = await first.ended;
    const late = await second!;
    expect(ended.code).toBe(0);
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(new RegExp(`in use by another ple \\(pid ${ended.pid} on this host`));
    expect(late.stdout).toBe('');
    expect(trained(ended.stdout).sort()).toEqual(ALL_JOBS);
    expect(readdirSync(runDirOf(project.cwd, 'race-late'), { recursive: true }).filter((f) => /\.(tmp|lock)$/.test(String(f)))).toEqual([]);
  });

  it('two `data generate` of one file at once: one writes it, the other waits and finds it up to date', async () => {
    const project = projectWith(
      tinyStudy({ name: 'gen', data: { source: 'video', path: '../data/gen.arrow', seed: 3, video: { users: 500, videos: 300, impressions_per_day: 40000 } }, features: { categorical: [{ name: 'user_id', vocab: 500, dim: 2 }], numeric: ['log_length'] } }),
    );
    const args = ['data', 'generate', project.file];
    const results = await Promise.all([start(project.cwd, args).ended, start(project.cwd, args).ended]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const said = results.map((r) => r.stdout.trim()).sort();
    expect(said[0]).toMatch(/^data\/gen\.arrow: generated 320,000 rows in/);
    expect(said[1]).toBe('data/gen.arrow: up to date (320,000 rows)');
    const waited = results.find((r) => r.stderr)?.stderr;
    if (waited) expect(waited).toMatch(/^waiting for pid \d+ on this host, .* to finish with data\/gen\.arrow\n$/);
    expect(readArrow(path.join(project.cwd, 'data', 'gen.arrow')).rows).toBe(320_000);
    expect(readdirSync(path.join(project.cwd, 'data'))).toEqual(['gen.arrow']);
  });
});
