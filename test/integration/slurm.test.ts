/**
 * ple's Slurm job array, configs/deploy/slurm/ple-array.sbatch, on a real
 * one-node cluster (./slurm-cluster.ts): four array tasks, each its shard of
 * configs/quick.yaml, write one run whose summary equals a single process's.
 *
 * Opt-in: it needs root, two CPUs (the script asks two a task) and the
 * slurm-wlm and munge packages (installed with apt-get when missing). bin/ple
 * runs dist/, so build first:
 *   npm run build && PLE_SLURM_TEST=1 npx jest test/integration/slurm
 * It also runs wherever CI is set; a plain `npm test` skips it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { startCluster, type Cluster } from './slurm-cluster';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/ple');
const SBATCH_SCRIPT = 'configs/deploy/slurm/ple-array.sbatch';
const enabled = process.env.PLE_SLURM_TEST === '1' || Boolean(process.env.CI);

// Starting the cluster may install packages; the study itself takes seconds.
jest.setTimeout(10 * 60_000);

/** `ple ARGS` from the repository root, as the other CLI tests run it (CI: no progress bars). */
const ple = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '1' } });

/** 'ok' for a command that exited 0, else what it printed and `detail` (so a failure shows why). */
const outcome = (ran: { status?: number | null; code?: number | null; stdout: string; stderr: string }, detail = '') =>
  (ran.status ?? ran.code) === 0 ? 'ok' : `exit ${ran.status ?? ran.code}\n${ran.stdout}\n${ran.stderr}\n${detail}`;

/** The outputs `<prefix>-<job id>_<task id>.out` of one array job in `dir`, by task id. */
function taskOutputs(dir: string, prefix: string): Map<number, string> {
  const outputs = new Map<number, string>();
  for (const name of readdirSync(dir)) {
    const task = new RegExp(`^${prefix}-\\d+_(\\d+)\\.out$`).exec(name)?.[1];
    if (task !== undefined) outputs.set(Number(task), readFileSync(path.join(dir, name), 'utf8'));
  }
  return outputs;
}

/** The one run directory that `results/<config name>/` holds (lock files and the like start with a dot). */
function onlyRun(results: string, name: string): string {
  const runs = readdirSync(path.join(results, name)).filter((d) => !d.startsWith('.'));
  expect(runs).toHaveLength(1);
  return path.join(results, name, runs[0]);
}

/**
 * A value without the keys that differ between two runs of one study: the
 * run's id and each seed's wall time. Those are the only ones in a
 * summary.json (it records no start or finish times).
 */
function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'run_id' && key !== 'wall_s').map(([key, v]) => [key, withoutVolatile(v)]));
}

const summaryOf = (runDir: string) => withoutVolatile(JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8')));

(enabled ? describe : describe.skip)('ple on a Slurm cluster', () => {
  let cluster: Cluster | undefined;

  beforeAll(async () => {
    cluster = await startCluster();
  });
  // Runs whether or not the tests passed: no daemon outlives the file.
  afterAll(async () => {
    await cluster?.stop();
  });

  test('the cluster runs an array job', async () => {
    const { dir } = cluster!;
    const ran = await cluster!.sbatch(['--wait', '--array=0-1', `--output=${path.join(dir, 'echo-%A_%a.out')}`, '--wrap', 'echo task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT']);
    expect(outcome(ran)).toBe('ok');
    const outputs = taskOutputs(dir, 'echo');
    expect([...outputs.keys()].sort()).toEqual([0, 1]);
    for (const [task, text] of outputs) expect(text.trim()).toBe(`task ${task} of 2`);
  });

  test(`${SBATCH_SCRIPT}: four shards of configs/quick.yaml make the run one process makes`, async () => {
    const { dir } = cluster!;
    const single = path.join(dir, 'A');
    const sharded = path.join(dir, 'B');
    // The single process first: it also writes the study's data (data/quick.arrow)
    // when missing, so the shards only read it.
    expect(outcome(ple(['run', 'configs/quick.yaml', '--out', single, '--jobs', '1']))).toBe('ok');

    // Submitted from the clone (SLURM_SUBMIT_DIR); --output overrides the script's own.
    const ran = await cluster!.sbatch(['--wait', '--array=0-3', `--output=${path.join(dir, 'ple-%A_%a.out')}`, SBATCH_SCRIPT, 'configs/quick.yaml'], {
      cwd: ROOT,
      env: { PLE_RESULTS: sharded, PLE_HOME: ROOT, CI: '1' },
    });
    const outputs = taskOutputs(dir, 'ple');
    expect(outcome(ran, [...outputs.values()].join('\n'))).toBe('ok');
    expect([...outputs.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const [task, text] of outputs) expect(text).toMatch(new RegExp(`shard ${task}/4\\b`));

    // The shard that finished last wrote the summary of the whole run.
    const runDir = onlyRun(sharded, 'quick');
    expect(existsSync(path.join(runDir, 'summary.json'))).toBe(true);
    const reference = summaryOf(onlyRun(single, 'quick'));
    expect(summaryOf(runDir)).toEqual(reference);

    // Merging a complete run by hand succeeds and changes nothing; its status says it is complete.
    expect(outcome(ple(['merge', runDir]))).toBe('ok');
    expect(summaryOf(runDir)).toEqual(reference);
    const status = ple(['status', runDir, '--json']);
    expect(outcome(status)).toBe('ok');
    expect(JSON.parse(status.stdout)).toMatchObject({ complete: true, total: 20, unfinished: [], live_shards: [] });
  });
});
