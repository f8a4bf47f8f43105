import * as path from 'node:path';
import { UserError } from '../errors';
import { ensureWritableDir } from '../fs/writable-dir';
import { combineShardDirs, someJobs } from '../merge/combine-dirs';
import { locateRun } from '../merge/shard-dirs';
import { finishRun } from '../run/finish-run';
import type { StudySummary } from '../study/types';

export interface MergeOptions {
  /** one run directory (shards on a shared file system), or two or more shard directories (`--shard-out`) */
  dirs: string[];
  cwd: string;
  /** results root for a run combined from shard directories (default `results`) */
  out?: string;
}

export interface MergeOutcome {
  runDir: string;
  /** the shard directories combined; 0 for a run merged in place */
  combined: number;
  summaries: { key: string; summary: StudySummary }[];
}

/**
 * `ple merge`: a run's summary once every job is done. One directory is a
 * run that shards filled in place (what its last shard does by itself);
 * two or more are shard directories, combined into a new run first
 * (`combineShardDirs`). A run with jobs still to do, or whose jobs do not
 * pair, is refused, naming them.
 */
export async function merge(options: MergeOptions): Promise<MergeOutcome> {
  if (options.dirs.length === 0) throw new UserError('merge: name a run directory, or two or more shard directories');
  let runDir: string;
  let combined = 0;
  if (options.dirs.length === 1) runDir = await locateRun(options.dirs[0], options.cwd);
  else {
    const root = await ensureWritableDir(path.resolve(options.cwd, options.out ?? 'results'), options.out === undefined ? 'results' : `--out ${options.out}`);
    const made = await combineShardDirs(options.dirs, root, options.cwd);
    runDir = made.runDir;
    combined = made.dirs.length;
  }
  const outcome = await finishRun(runDir);
  const shown = path.relative(options.cwd, runDir) || runDir;
  if (outcome.status === 'incomplete') {
    throw new UserError(`${shown}: ${outcome.missing.length} of ${outcome.total} job(s) not finished: ${someJobs(outcome.missing)}; run the shards that train them (ple status ${shown})`);
  }
  if (outcome.status === 'mixed') throw new UserError(`${shown}: its jobs were trained on different inputs, so they cannot be paired:\n  ${outcome.differences.join('\n  ')}`);
  return { runDir, combined, summaries: outcome.summaries };
}
