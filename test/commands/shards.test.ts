import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { merge } from '../../src/commands/merge';
import { run, type RunOutcome } from '../../src/commands/run';
import { runStatus } from '../../src/commands/status';
import { acquireLock } from '../../src/fs/lock';
import { readManifest } from '../../src/results/run-dir';
import { shardLockFile } from '../../src/results/shard-claim';
import { jobLockFile } from '../../src/run/job-locks';
import { jobPath } from '../results/job-path';
import { projectWith, tinyStudy } from './tiny-study';

/** A summary without what differs between two runs of the same jobs: run ids and wall times. */
const numbers = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v) => (key === 'run_id' || key === 'wall_s' ? undefined : v)));
const summaryOf = (runDir: string) => numbers(JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8')));

/** sha256 of every file under a folder, by relative path: what "left unchanged" is checked against. */
function checksums(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, rel);
    if (statSync(full).isFile()) out[rel] = createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return out;
}

const study = tinyStudy({ name: 'shards' });
let whole: RunOutcome;

beforeAll(async () => {
  const p = projectWith(study);
  whole = await run({ config: p.file, cwd: p.cwd, jobs: 1 });
});

describe('shards filling one run on a shared file system', () => {
  const p = projectWith(study);
  const shard = (index: number, count = 3) => run({ config: p.file, cwd: p.cwd, jobs: 1, shard: { index, count } });
  const outcomes: RunOutcome[] = [];

  beforeAll(async () => {
    outcomes.push(await shard(0));
  });

  it('a shard trains its jobs (index mod N) and leaves the others; status and merge say what is missing', async () => {
    expect(outcomes[0]).toMatchObject({ status: 'shard-done', ran: 2, remaining: 4 });
    const status = await runStatus(outcomes[0].runDir);
    expect(status.complete).toBe(false);
    expect(status.models.map((m) => [m.model, m.done, m.missing])).toEqual([['single_task', 1, 1], ['mmoe', 1, 1], ['ple', 0, 2]]);
    await expect(merge({ dirs: [outcomes[0].runDir], cwd: p.cwd })).rejects.toThrow(/4 of 6 job\(s\) not finished: single_task\/seed-2, mmoe\/seed-1, ple\/seed-1, ple\/seed-2/);
  });

  it('the last shard to finish writes the summary: the same numbers as one process running every job', async () => {
    outcomes.push(await shard(1), await shard(2));
    expect(outcomes[1]).toMatchObject({ status: 'shard-done', ran: 2, remaining: 2 });
    expect(outcomes[2]).toMatchObject({ status: 'complete', ran: 2 });
    expect(new Set(outcomes.map((o) => o.runDir)).size).toBe(1);
    expect(summaryOf(outcomes[2].runDir)).toEqual(numbers(whole.summaries[0].summary));
    const manifest = await readManifest(outcomes[2].runDir);
    expect(manifest.shards?.map((s) => s.shard).sort()).toEqual(['0/3', '1/3', '2/3']);
    expect(manifest.job_provenance?.flatMap((g) => g.jobs)).toHaveLength(6);
    expect(manifest.finished_at).toBeDefined();
    expect((await runStatus(outcomes[2].runDir)).complete).toBe(true);
  });

  it('a retried shard finds its jobs finished and trains nothing; merging again writes the same summary', async () => {
    const again = await shard(1);
    expect(again).toMatchObject({ status: 'complete', ran: 0, skipped: 2 });
    const merged = await merge({ dirs: [again.runDir], cwd: p.cwd });
    expect(numbers(merged.summaries[0].summary)).toEqual(numbers(whole.summaries[0].summary));
  });
});

describe('who may work in a run', () => {
  it('a run without --shard refuses a run shards are working in, and a shard refuses a run a whole process holds', async () => {
    const p = projectWith(tinyStudy({ name: 'shard-locks', models: study.models }));
    const first = await run({ config: p.file, cwd: p.cwd, jobs: 1, shard: { index: 0, count: 2 }, models: ['single_task'] });
    const shardLock = await acquireLock(shardLockFile(first.runDir, { index: 1, count: 2 }), { what: 'shard 1/2' });
    await expect(run({ config: p.file, cwd: p.cwd, jobs: 1 })).rejects.toThrow(/shards of this run are working in it: 1\/2 \(pid \d+ on this host/);
    await shardLock.release();
    const whole = await acquireLock(path.join(first.runDir, 'run.lock'), { what: 'the run' });
    await expect(run({ config: p.file, cwd: p.cwd, jobs: 1, shard: { index: 1, count: 2 } })).rejects.toThrow(/a ple run without --shard is working in it \(pid \d+ on this host/);
    await whole.release();
  });

  it('a job another process holds is left to it, shown as running, and trained by whoever comes next', async () => {
    const p = projectWith(study);
    const all = { config: p.file, cwd: p.cwd, jobs: 1, shard: { index: 0, count: 1 } };
    const part = await run({ ...all, seed: 1 });
    const held = await acquireLock(jobLockFile(jobPath(part.runDir, 'mmoe', 2)), { what: 'mmoe/seed-2' });
    const notices: string[] = [];
    const reporter = { info: (m: string) => notices.push(m), jobStart: () => undefined, jobProgress: () => undefined, jobEnd: () => undefined };
    const skipping = await run({ ...all, reporter });
    expect(skipping).toMatchObject({ status: 'shard-done', ran: 2, remaining: 1 });
    expect(notices).toContainEqual(expect.stringMatching(/^mmoe\/seed-2 is being trained by another process; left to it/));
    const status = await runStatus(part.runDir);
    expect(status.unfinished).toEqual([{ label: 'mmoe/seed-2', state: 'running' }]);
    await held.release();
    const last = await run(all);
    expect(last).toMatchObject({ status: 'complete', ran: 1 });
    expect(summaryOf(last.runDir)).toEqual(numbers(whole.summaries[0].summary));
  });
});

describe('shard directories without a shared file system (--shard-out, ple merge DIR...)', () => {
  const p = projectWith(study);
  const dirs = ['s0', 's1'];
  let before: Record<string, string>[];

  beforeAll(async () => {
    for (const [i, out] of dirs.entries()) await run({ config: p.file, cwd: p.cwd, jobs: 1, out, shard: { index: i, count: 2 } });
    // a report of a shard stays with the shard
    const shardRun = path.join(p.cwd, 's0', 'shards', readdirSync(path.join(p.cwd, 's0', 'shards'))[0]);
    writeFileSync(path.join(shardRun, 'report.md'), '# shard 0');
    writeFileSync(path.join(shardRun, 'quadrant.svg'), '<svg/>');
    before = dirs.map((d) => checksums(path.join(p.cwd, d)));
  });

  it('combines them into one new run with the numbers of a single process, leaving them as they were', async () => {
    const merged = await merge({ dirs, cwd: p.cwd, out: 'combined' });
    expect(merged.combined).toBe(2);
    expect(path.relative(p.cwd, merged.runDir)).toMatch(/^combined\/shards\/\d{8}-\d{6}-[0-9a-f]{8}$/);
    expect(summaryOf(merged.runDir)).toEqual(numbers(whole.summaries[0].summary));
    expect(readdirSync(path.dirname(merged.runDir))).toEqual([path.basename(merged.runDir)]);
    expect(readdirSync(merged.runDir).sort()).toEqual(['config.json', 'jobs', 'manifest.json', 'preprocessing.json', 'summary.json', 'test-set.arrow']);
    expect(dirs.map((d) => checksums(path.join(p.cwd, d)))).toEqual(before);
  });

  it('refuses directories that lack jobs between them, naming them', async () => {
    await expect(merge({ dirs: ['s0', 's0'], cwd: p.cwd, out: 'combined' })).rejects.toThrow(/3 of 6 job\(s\) are finished in none of the directories: single_task\/seed-2, mmoe\/seed-2, ple\/seed-2/);
  });

  it('refuses shards of another study, saying what differs', async () => {
    await run({ config: p.file, cwd: p.cwd, jobs: 1, out: 'other', seeds: 3, shard: { index: 1, count: 2 } });
    await expect(merge({ dirs: ['s0', 'other'], cwd: p.cwd, out: 'combined' })).rejects.toThrow(/they are not shards of one run:\n {2}resolved config differs at training\.seeds \(s0 vs other\)/);
  });
});

describe('shards of a sweep with several worlds', () => {
  const grid = tinyStudy({ name: 'shard-grid', models: (study.models as unknown[]).slice(0, 2), sweep: { 'training.learning_rate': [0.01, 0.02] } });

  it('fill every point and world; the summary and the manifest are those of one process', async () => {
    const one = projectWith(grid);
    const single = await run({ config: one.file, cwd: one.cwd, jobs: 1, dataSeeds: 2 });
    const p = projectWith(grid);
    const outcomes = [];
    for (const index of [2, 0, 1]) outcomes.push(await run({ config: p.file, cwd: p.cwd, jobs: 1, dataSeeds: 2, shard: { index, count: 3 } }));
    expect(outcomes.map((o) => o.status)).toEqual(['shard-done', 'shard-done', 'complete']);
    expect(outcomes.map((o) => o.ran)).toEqual([5, 6, 5]);
    expect(summaryOf(outcomes[2].runDir)).toEqual(summaryOf(single.runDir));
    const [a, b] = await Promise.all([readManifest(single.runDir), readManifest(outcomes[2].runDir)]);
    expect(b.worlds).toEqual(a.worlds);
    expect(b.point_samples).toEqual(a.point_samples);
    expect(b.job_provenance?.flatMap((g) => g.jobs).sort()).toEqual(a.job_provenance?.flatMap((g) => g.jobs).sort());
  });
});
