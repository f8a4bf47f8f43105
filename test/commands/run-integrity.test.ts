import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../src/commands/run';
import type { Config } from '../../src/config/types';
import { readArrow, writeArrow } from '../../src/data/arrow';
import { acquireLock } from '../../src/fs/lock';
import type { RunReporter } from '../../src/run/types';
import { projectWith, tinyStudy } from './tiny-study';
import { jobConfigSha256 } from '../../src/results/study-identity';
import { jobPath, modelJobsPath } from '../results/job-path';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** sha256 of every file under `dir`, by relative path. */
function checksums(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, f);
    if (statSync(full).isFile()) out[f] = createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return out;
}

function recorder(): RunReporter & { infos: string[]; ended: string[] } {
  const infos: string[] = [];
  const ended: string[] = [];
  return { infos, ended, info: (m) => infos.push(m), jobStart: () => {}, jobProgress: () => {}, jobEnd: (job) => ended.push(`${job.model}/${job.seed}`) };
}

/** A run stopped after its first job. */
async function partialRun(cwd: string, file: string): Promise<string> {
  const controller = new AbortController();
  const reporter: RunReporter = { info: () => {}, jobStart: () => {}, jobProgress: () => {}, jobEnd: () => controller.abort() };
  const outcome = await run({ config: file, cwd, jobs: 1, reporter, signal: controller.signal });
  expect(outcome.status).toBe('interrupted');
  return outcome.runDir;
}

describe('ple run keeps a run whole', () => {
  it('records each job\'s data hash, backend, version and config with the job and in the manifest', async () => {
    const project = projectWith(tinyStudy({ name: 'provenance' }));
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    const manifest = readJson(path.join(outcome.runDir, 'manifest.json'));
    const config = readJson(path.join(outcome.runDir, 'config.json')) as Config;
    const provenance = readJson(path.join(jobPath(outcome.runDir, 'ple', 2), 'metrics.json')).provenance;
    expect(provenance).toEqual({
      data_sha256: manifest.data.sha256,
      backend: expect.stringMatching(/^(wasm|cpu|tensorflow)/),
      ple_version: manifest.versions.ple,
      // what the job depends on: the study (less models, seeds, statistics) and its own model's definition
      config_sha256: jobConfigSha256(config, config.models.find((m) => m.name === 'ple')!),
    });
    expect(provenance.backend).not.toMatch(/ple sgemm \(\d+ thread/);
    // one group per model: jobs share data, backend and version, and each model's own definition
    expect(manifest.job_provenance.map((g: { jobs: string[] }) => g.jobs)).toEqual([['single_task/seed-1', 'single_task/seed-2'], ['mmoe/seed-1', 'mmoe/seed-2'], ['ple/seed-1', 'ple/seed-2']]);
    expect(manifest.job_provenance[2].provenance).toEqual(provenance);
    expect(new Set(manifest.job_provenance.map((g: { provenance: { config_sha256: string } }) => g.provenance.config_sha256)).size).toBe(3);
  });

  it('refuses to resume when the data file changed since the finished jobs, and changes nothing', async () => {
    const project = projectWith(tinyStudy({ name: 'changed-data' }));
    const runDir = await partialRun(project.cwd, project.file);
    // the same metadata (so the cache is trusted), other bytes: as a generator that changed between versions would write
    const data = path.join(project.cwd, 'data', 'tiny.arrow');
    const dataset = readArrow(data);
    const vcr = Float32Array.from(dataset.columns.vcr as Float32Array, (v) => v * 0.5);
    await writeArrow(data, { ...dataset, columns: { ...dataset.columns, vcr } });
    const before = checksums(runDir);
    await expect(run({ config: project.file, cwd: project.cwd, jobs: 1 })).rejects.toThrow(
      /results\/changed-data\/\S+: cannot resume: 1 finished job\(s\) were trained with something other than what this run would use now:\n {2}data file \(sha256\): [0-9a-f]{12}… then, [0-9a-f]{12}… now \(1 job\(s\): single_task\/seed-1\)\n.*--fresh/,
    );
    expect(checksums(runDir)).toEqual(before);
    const fresh = await run({ config: project.file, cwd: project.cwd, jobs: 1, fresh: true });
    expect(fresh.status).toBe('complete');
    expect(fresh.runDir).not.toBe(runDir);
  });

  it.each([
    ['another backend', { backend: 'cpu (pure-JS CPU backend (slow))' }, /backend: "cpu \(pure-JS CPU backend \(slow\)\)" then, "\S+.*" now/],
    ['another ple version', { ple_version: '0.0.1' }, /ple version: "0.0.1" then, "\d+\.\d+\.\d+" now/],
    ['another resolved config', { config_sha256: '0'.repeat(64) }, /resolved config \(sha256\): 000000000000… then/],
  ])('refuses to resume jobs trained with %s', async (_name, recorded, pattern) => {
    const project = projectWith(tinyStudy({ name: 'changed-provenance' }));
    const runDir = await partialRun(project.cwd, project.file);
    const file = path.join(jobPath(runDir, 'single_task', 1), 'metrics.json');
    const metrics = readJson(file);
    writeFileSync(file, JSON.stringify({ ...metrics, provenance: { ...metrics.provenance, ...recorded } }));
    const before = checksums(runDir);
    await expect(run({ config: project.file, cwd: project.cwd, jobs: 1 })).rejects.toThrow(pattern);
    expect(checksums(runDir)).toEqual(before);
  });

  it('moves a damaged job aside (kept, not deleted) and trains it again, even in a run that had finished', async () => {
    const project = projectWith(tinyStudy({ name: 'damaged' }));
    const { runDir } = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    const damaged = path.join(jobPath(runDir, 'mmoe', 1), 'metrics.json');
    truncateSync(damaged, 40);
    const reporter = recorder();
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1, reporter });
    expect(outcome).toMatchObject({ status: 'complete', runDir, ran: 1, skipped: 5 });
    expect(reporter.ended).toEqual(['mmoe/1']);
    const aside = readdirSync(modelJobsPath(runDir, 'mmoe')).filter((d) => d.startsWith('seed-1.damaged-'));
    expect(aside).toHaveLength(1);
    expect(statSync(path.join(modelJobsPath(runDir, 'mmoe'), aside[0], 'metrics.json')).size).toBe(40);
    expect(reporter.infos.join('\n')).toMatch(/mmoe\/[0-9a-f]{8}\/seed-1\/metrics\.json: not valid JSON .*; moved the job's files to .*seed-1\.damaged-\S+ and training it again/);
    expect(readJson(damaged).status).toBe('ok');
  });

  it('finishes a run whose summary.json was written with jobs missing, instead of calling it complete', async () => {
    const project = projectWith(tinyStudy({ name: 'poisoned' }));
    const { runDir } = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    rmSync(modelJobsPath(runDir, 'ple'), { recursive: true });
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1 });
    expect(outcome).toMatchObject({ status: 'complete', ran: 2, skipped: 4 });
  });

  it('refuses a data path it cannot use before it makes a run directory: a folder, or a file ple did not generate in any world', async () => {
    const folder = projectWith(tinyStudy({ name: 'folder-data', data: { source: 'file', path: '../configs' } }));
    await expect(run({ config: folder.file, cwd: folder.cwd, jobs: 1 })).rejects.toThrow(/^configs \(data\.path\): is a directory, expected a regular file/);
    expect(existsSync(path.join(folder.cwd, 'results'))).toBe(false);
    const worlds = projectWith(tinyStudy({ name: 'world-clash' }));
    writeFileSync(path.join(worlds.cwd, 'notes.seed-2.txt'), 'mine');
    const clash = tinyStudy({ name: 'world-clash', data: { ...(tinyStudy().data as object), path: '../notes.txt' }, training: { epochs: 1, seeds: [1], data_seeds: [1, 2] } });
    writeFileSync(path.join(worlds.cwd, worlds.file), JSON.stringify(clash));
    await expect(run({ config: worlds.file, cwd: worlds.cwd, jobs: 1 })).rejects.toThrow(/notes\.seed-2\.txt \(data\.path\): exists and is not an Arrow file ple generated/);
    expect(readFileSync(path.join(worlds.cwd, 'notes.seed-2.txt'), 'utf8')).toBe('mine');
    expect(existsSync(path.join(worlds.cwd, 'results'))).toBe(false);
  });

  it('refuses a run another live process holds, naming it, and trains nothing', async () => {
    const project = projectWith(tinyStudy({ name: 'held' }));
    const runDir = await partialRun(project.cwd, project.file);
    const lock = await acquireLock(path.join(runDir, 'run.lock'), { what: 'a test' });
    try {
      const before = checksums(runDir);
      await expect(run({ config: project.file, cwd: project.cwd, jobs: 1 })).rejects.toThrow(
        new RegExp(`results/held/\\S+: in use by another ple \\(pid ${process.pid} on this host, since .*\\); wait for it to finish, or stop it .* --fresh starts a separate run`),
      );
      expect(checksums(runDir)).toEqual(before);
    } finally {
      await lock.release();
    }
  });

  it("takes over a dead process's lock, removes its stray temporary files, and finishes the run", async () => {
    const project = projectWith(tinyStudy({ name: 'dead-holder' }));
    const runDir = await partialRun(project.cwd, project.file);
    writeFileSync(path.join(runDir, 'run.lock'), JSON.stringify({ pid: 999999999, host: os.hostname(), started_at: new Date().toISOString(), command: 'ple run x', token: 'ab' }));
    const stray = path.join(jobPath(runDir, 'single_task', 1), 'history.jsonl.999999999.0123abcd.tmp');
    writeFileSync(stray, 'half');
    const reporter = recorder();
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1, reporter });
    expect(outcome.status).toBe('complete');
    expect(reporter.infos).toEqual(
      expect.arrayContaining([expect.stringMatching(/^took over the lock of results\/dead-holder\/\S+ .*pid 999999999 no longer runs/), expect.stringMatching(/^removed 1 temporary file\(s\) a stopped run left in/)]),
    );
    expect(existsSync(stray)).toBe(false);
    expect(existsSync(path.join(runDir, 'run.lock'))).toBe(false);
  });

  it.each([0, 257, 1.5, Number.NaN])('refuses --jobs %s before any work', async (jobs) => {
    const project = projectWith(tinyStudy({ name: 'bad-jobs' }));
    await expect(run({ config: project.file, cwd: project.cwd, jobs })).rejects.toThrow(/^--jobs: expected an integer from 1 to 256, got /);
    expect(existsSync(path.join(project.cwd, 'results'))).toBe(false);
  });
});
