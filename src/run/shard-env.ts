import { UserError } from '../errors';
import type { Shard } from './plan';

/** The most shards a study is split into (an array of more tasks than that is a mistake). */
const MAX_SHARDS = 100_000;

/** `--shard I/N`: shard I (0-based) of N. */
export function parseShard(text: string, what = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UserError(`${what}: expected I/N (shard I of N, I from 0 to N-1), got "${text}"`);
  return checkShard(Number(m[1]), Number(m[2]), what);
}

function checkShard(index: number, count: number, what: string): Shard {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS) throw new UserError(`${what}: the shard count must be 1 to ${MAX_SHARDS.toLocaleString('en')}, got ${count}`);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) throw new UserError(`${what}: the shard index must be 0 to ${count - 1} for ${count} shard(s), got ${index}`);
  return { index, count };
}

/** A shard and where it was read from, for the run to say. */
export interface EnvShard extends Shard {
  source: string;
}

function integer(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text.trim() === '') return undefined;
  if (!/^\s*\d+\s*$/.test(text)) throw new UserError(`--shard-from-env: ${name} must be a whole number, got "${text}"`);
  return Number(text);
}

function required(env: NodeJS.ProcessEnv, name: string, why: string): number {
  const value = integer(env, name);
  if (value === undefined) throw new UserError(`--shard-from-env: ${why}, but ${name} is not set`);
  return value;
}

/**
 * `--shard-from-env`: the shard of a Slurm array task or of a Kubernetes
 * Indexed Job's pod.
 *
 * - Slurm: `SLURM_ARRAY_TASK_ID` among `SLURM_ARRAY_TASK_COUNT` tasks; the
 *   index counts from `SLURM_ARRAY_TASK_MIN` in steps of
 *   `SLURM_ARRAY_TASK_STEP`, so `--array=1-8` and `--array=0-14:2` both
 *   give shards 0..7 of 8.
 * - Kubernetes: `JOB_COMPLETION_INDEX` (0..completions-1); the pod is not
 *   told the completions, so the manifest sets `PLE_SHARD_COUNT` to them.
 *
 * An array task whose ids do not fill their range (`--array=0,3,7`) cannot
 * be mapped to a shard of its count: refused, naming the ids to use.
 */
export function shardFromEnv(env: NodeJS.ProcessEnv): EnvShard {
  const task = integer(env, 'SLURM_ARRAY_TASK_ID');
  if (task !== undefined) {
    const why = 'SLURM_ARRAY_TASK_ID is set';
    const count = required(env, 'SLURM_ARRAY_TASK_COUNT', why);
    const min = required(env, 'SLURM_ARRAY_TASK_MIN', why);
    const step = integer(env, 'SLURM_ARRAY_TASK_STEP') ?? 1;
    const max = integer(env, 'SLURM_ARRAY_TASK_MAX') ?? min + step * (count - 1);
    if (step < 1 || (task - min) % step !== 0 || min + step * (count - 1) !== max) {
      throw new UserError(`--shard-from-env: the array's task ids (${min}-${max}, step ${step}, ${count} tasks) are not an evenly spaced range; submit it as --array=0-${count - 1}`);
    }
    return { ...checkShard((task - min) / step, count, '--shard-from-env (Slurm)'), source: `SLURM_ARRAY_TASK_ID ${task} of ${count} tasks` };
  }
  const index = integer(env, 'JOB_COMPLETION_INDEX');
  if (index !== undefined) {
    const count = required(env, 'PLE_SHARD_COUNT', 'JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job); set PLE_SHARD_COUNT to its completions');
    return { ...checkShard(index, count, '--shard-from-env (Kubernetes)'), source: `JOB_COMPLETION_INDEX ${index} and PLE_SHARD_COUNT ${count}` };
  }
  throw new UserError('--shard-from-env: neither SLURM_ARRAY_TASK_ID (a Slurm array task) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set; use --shard I/N elsewhere');
}
