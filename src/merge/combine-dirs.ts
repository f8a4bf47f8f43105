import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { UserError } from '../errors';
import { writeJsonAtomic } from '../fs/atomic';
import { acquireLock } from '../fs/lock';
import { makeDirs } from '../fs/make-dirs';
import { FILES } from '../results/layout';
import { combineManifests } from '../results/manifest-merge';
import { pickLockFile } from '../results/pick-run';
import { freshRunDir } from '../results/run-dir';
import { mixedProvenance } from '../run/finish-run';
import type { RunJob } from '../run/run-jobs';
import { readShardDirs, shardMismatches, type ShardDir } from './shard-dirs';

const SHOWN_JOBS = 10;

/** Up to ten jobs' labels, and how many more. */
export function someJobs(jobs: readonly Pick<RunJob, 'label'>[]): string {
  const shown = jobs.slice(0, SHOWN_JOBS).map((j) => j.label).join(', ');
  return jobs.length > SHOWN_JOBS ? `${shown} and ${jobs.length - SHOWN_JOBS} more` : shown;
}

/**
 * What of a shard's run directory is not a job and is the same in every
 * shard: config.json files, test sets, preprocessing. Left out besides the
 * jobs: locks, temporaries, the shard's manifest and summary, and a report
 * of the shard (`ple report` on the merged run writes its own).
 */
function sharedPart(runDir: string): (src: string) => boolean {
  return (src) => {
    const rel = path.relative(runDir, src);
    const parts = rel.split(path.sep);
    const name = parts.at(-1) ?? '';
    const report = /^report\.(md|json)$/.test(name) || name.endsWith('.svg');
    return !(parts.includes('jobs') || parts[0] === 'shards' || name.endsWith('.lock') || name.endsWith('.tmp') || name === FILES.summary || rel === FILES.manifest || report);
  };
}

/**
 * `ple merge DIR DIR…`: one run made of shard directories written without a
 * shared file system (`--shard-out`). They must be shards of one run — the
 * same resolved config, ple version, data and backend (`shardMismatches`)
 * — and hold every job between them. The new run is assembled in a
 * `.merging-*` folder beside the runs and renamed into place whole, so a
 * failed merge leaves no run behind; the shard directories are only read.
 * Returns the new run's directory, to be summarised (`finishRun`).
 */
export async function combineShardDirs(args: readonly string[], outRoot: string, cwd: string): Promise<{ runDir: string; dirs: ShardDir[] }> {
  const dirs = await readShardDirs(args, cwd);
  const mismatches = shardMismatches(dirs);
  if (mismatches.length) throw new UserError(`cannot merge ${args.join(' ')}: they are not shards of one run:\n  ${mismatches.join('\n  ')}`);
  const source = new Map<string, { dir: ShardDir; job: RunJob }>();
  for (const dir of dirs) {
    for (const job of dir.contents.jobs) if ((job.state === 'ok' || job.state === 'failed') && !source.has(job.label)) source.set(job.label, { dir, job });
  }
  const all = dirs[0].contents.jobs;
  const missing = all.filter((j) => !source.has(j.label));
  if (missing.length) throw new UserError(`cannot merge: ${missing.length} of ${all.length} job(s) are finished in none of the directories: ${someJobs(missing)}; run the shards that train them (\`ple plan\` numbers every job)`);
  const mixed = mixedProvenance([...source.values()].map((s) => s.job));
  if (mixed.length) throw new UserError(`cannot merge: the shards' jobs were trained on different inputs, so they cannot be paired:\n  ${mixed.join('\n  ')}`);

  const first = dirs[0];
  const hash = path.basename(first.runDir).split('-').at(-1)!;
  const configDir = path.join(outRoot, first.contents.manifest.config_name);
  await makeDirs(configDir);
  const staging = await mkdtemp(path.join(configDir, '.merging-'));
  try {
    await cp(first.runDir, staging, { recursive: true, filter: sharedPart(first.runDir) });
    for (const { dir, job } of source.values()) {
      await cp(job.dir, path.join(staging, path.relative(dir.runDir, job.dir)), { recursive: true, filter: (src) => !src.endsWith('.tmp') });
    }
    const manifest = dirs.map((d) => d.contents.manifest).reduce(combineManifests);
    await using _pick = await acquireLock(pickLockFile(configDir, hash), { what: `${configDir} (picking a run)`, wait: true });
    const runDir = await freshRunDir(configDir, hash);
    await writeJsonAtomic(path.join(staging, FILES.manifest), { ...manifest, run_id: path.basename(runDir) });
    await rename(staging, runDir);
    return { runDir, dirs };
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}
