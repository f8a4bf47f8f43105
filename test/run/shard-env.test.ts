import { UserError } from '../../src/errors';
import { parseShard, shardFromEnv } from '../../src/run/shard-env';

describe('--shard I/N', () => {
  it('reads shard I of N, 0-based', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard(' 6 / 7 ')).toEqual({ index: 6, count: 7 });
  });
  it.each([
    ['7/7', /shard index must be 0 to 6 for 7 shard\(s\), got 7/],
    ['1/0', /shard count must be 1 to 100,000, got 0/],
    ['-1/2', /expected I\/N/],
    ['1.5/2', /expected I\/N/],
    ['2', /expected I\/N/],
  ])('refuses %s', (text, message) => {
    expect(() => parseShard(text)).toThrow(UserError);
    expect(() => parseShard(text)).toThrow(message);
  });
});

describe('--shard-from-env', () => {
  const slurm = (id: number, min: number, count: number, step?: number, max?: number) => ({
    SLURM_ARRAY_TASK_ID: String(id),
    SLURM_ARRAY_TASK_MIN: String(min),
    SLURM_ARRAY_TASK_COUNT: String(count),
    ...(step === undefined ? {} : { SLURM_ARRAY_TASK_STEP: String(step) }),
    ...(max === undefined ? {} : { SLURM_ARRAY_TASK_MAX: String(max) }),
  });

  it('takes a Slurm array task: --array=0-3, --array=1-8 and --array=0-14:2 all count shards from 0', () => {
    expect(shardFromEnv(slurm(2, 0, 4, 1, 3))).toEqual({ index: 2, count: 4, source: 'SLURM_ARRAY_TASK_ID 2 of 4 tasks' });
    expect(shardFromEnv(slurm(1, 1, 8, 1, 8))).toMatchObject({ index: 0, count: 8 });
    expect(shardFromEnv(slurm(14, 0, 8, 2, 14))).toMatchObject({ index: 7, count: 8 });
  });

  it('takes a Kubernetes Indexed Job pod, whose count the manifest sets in PLE_SHARD_COUNT', () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '3', PLE_SHARD_COUNT: '4' })).toEqual({ index: 3, count: 4, source: 'JOB_COMPLETION_INDEX 3 and PLE_SHARD_COUNT 4' });
  });

  it.each([
    ['no array at all', {}, /neither SLURM_ARRAY_TASK_ID \(a Slurm array task\) nor JOB_COMPLETION_INDEX \(a Kubernetes Indexed Job\) is set/],
    ['ids that leave gaps (--array=0,3,7)', slurm(3, 0, 3, 1, 7), /not an evenly spaced range; submit it as --array=0-2/],
    ['a Slurm task without its count', { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '0' }, /SLURM_ARRAY_TASK_ID is set, but SLURM_ARRAY_TASK_COUNT is not set/],
    ['a pod without PLE_SHARD_COUNT', { JOB_COMPLETION_INDEX: '0' }, /set PLE_SHARD_COUNT to its completions, but PLE_SHARD_COUNT is not set/],
    ['an index past the count', { JOB_COMPLETION_INDEX: '4', PLE_SHARD_COUNT: '4' }, /shard index must be 0 to 3 for 4 shard\(s\), got 4/],
    ['a count that is not a number', { JOB_COMPLETION_INDEX: '0', PLE_SHARD_COUNT: 'four' }, /PLE_SHARD_COUNT must be a whole number, got "four"/],
  ])('refuses %s, saying why', (_name, env, message) => {
    expect(() => shardFromEnv(env as NodeJS.ProcessEnv)).toThrow(message);
  });
});
