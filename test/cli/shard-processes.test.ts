import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { projectWith, tinyStudy } from '../commands/tiny-study';

const BIN = path.resolve(__dirname, '../../bin/ple');

/** `ple ARGS` as its own process, with `env` added to the environment. */
function ple(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args, '--cwd', cwd], { env: { ...process.env, CI: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const numbers = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'), (key, v) => (key === 'run_id' || key === 'wall_s' ? undefined : v));
const onlyRun = (root: string) => {
  const ids = readdirSync(path.join(root, 'shards')).filter((n) => !n.startsWith('.'));
  expect(ids).toHaveLength(1);
  return path.join(root, 'shards', ids[0]);
};

describe('shards as separate processes started together', () => {
  const p = projectWith(tinyStudy({ name: 'shards' }));
  let single: string;

  beforeAll(async () => {
    const one = await ple(p.cwd, ['run', p.file, '--out', 'single', '--jobs', '1']);
    expect(one.code).toBe(0);
    single = path.join(onlyRun(path.join(p.cwd, 'single')), 'summary.json');
  }, 60_000);

  it('Kubernetes Indexed Job pods (JOB_COMPLETION_INDEX) fill one run; the last writes the summary of a single process', async () => {
    const pods = await Promise.all([0, 1, 2].map((i) => ple(p.cwd, ['run', p.file, '--shard-from-env', '--out', 'k8s', '--jobs', '1'], { JOB_COMPLETION_INDEX: String(i), PLE_SHARD_COUNT: '3' })));
    for (const [i, pod] of pods.entries()) {
      expect(pod.stderr).toBe('');
      expect(pod.code).toBe(0);
      expect(pod.stdout).toContain(`shard ${i}/3 from JOB_COMPLETION_INDEX ${i} and PLE_SHARD_COUNT 3`);
      expect(pod.stdout.match(/^\[\d+\/\d+\] \S+ seed \d+/gm)).toHaveLength(2);
    }
    // whichever found every job done wrote the summary; the others said what was left
    for (const pod of pods) expect(pod.stdout).toMatch(/^results: |still to finish elsewhere/m);
    expect(numbers(path.join(onlyRun(path.join(p.cwd, 'k8s')), 'summary.json'))).toEqual(numbers(single));
  }, 120_000);

  it('Slurm array tasks (SLURM_ARRAY_TASK_ID from --array=1-2) do the same, and ple status shows the run complete', async () => {
    const slurm = (id: number) => ({ SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '2', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_STEP: '1' });
    const tasks = await Promise.all([1, 2].map((id) => ple(p.cwd, ['run', p.file, '--shard-from-env', '--out', 'slurm', '--jobs', '1'], slurm(id))));
    expect(tasks.map((t) => t.code)).toEqual([0, 0]);
    expect(tasks[1].stdout).toContain('shard 1/2 from SLURM_ARRAY_TASK_ID 2 of 2 tasks');
    const runDir = onlyRun(path.join(p.cwd, 'slurm'));
    expect(numbers(path.join(runDir, 'summary.json'))).toEqual(numbers(single));
    const status = await ple(p.cwd, ['status', runDir, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ complete: true, total: 6, unfinished: [], live_shards: [] });
  }, 120_000);
});
