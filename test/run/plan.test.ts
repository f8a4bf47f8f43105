import { plan } from '../../src/commands/plan';
import { inShard } from '../../src/run/plan';
import { projectWith, tinyStudy } from '../commands/tiny-study';

describe('ple plan: the study\'s jobs in a fixed order', () => {
  const sweep = projectWith(tinyStudy({ name: 'plan-sweep', sweep: { 'training.learning_rate': [0.01, 0.02] } }));
  const worlds = projectWith(tinyStudy({ name: 'plan-worlds' }));

  it('orders sweep points, then models as the config lists them, then seeds, each with its folder in the run', async () => {
    const p = await plan({ config: sweep.file, cwd: sweep.cwd });
    expect(p.jobs).toHaveLength(2 * 3 * 2);
    expect(p.jobs.map((j) => j.index)).toEqual([...Array(12).keys()]);
    expect(p.jobs.slice(0, 3).map((j) => [j.point, j.model, j.seed])).toEqual([
      [p.jobs[0].point, 'single_task', 1],
      [p.jobs[0].point, 'single_task', 2],
      [p.jobs[0].point, 'mmoe', 1],
    ]);
    expect(new Set(p.jobs.slice(0, 6).map((j) => j.point)).size).toBe(1);
    expect(p.jobs[6].point).not.toBe(p.jobs[0].point);
    expect(p.jobs[0].path).toMatch(new RegExp(`^points/${p.jobs[0].point.replace(/[.]/g, '\\.')}/jobs/single_task/[0-9a-f]{8}/seed-1$`));
  });

  it('puts data seeds between models and the sweep: world, then model, then seed', async () => {
    const p = await plan({ config: worlds.file, cwd: worlds.cwd, dataSeeds: 2, models: ['single_task', 'ple'] });
    expect(p.jobs.map((j) => `${j.data_seed}:${j.model}:${j.seed}`)).toEqual([
      '1:single_task:1', '1:single_task:2', '1:ple:1', '1:ple:2',
      '2:single_task:1', '2:single_task:2', '2:ple:1', '2:ple:2',
    ]);
    expect(p.jobs[4].path).toMatch(/^jobs\/single_task\/[0-9a-f]{8}\/data-2\/seed-1$/);
    expect(p.jobs[4].label).toBe('single_task/data-2/seed-1');
  });

  it('is the same list every time, and the flags change it as ple run would', async () => {
    const a = await plan({ config: sweep.file, cwd: sweep.cwd });
    const b = await plan({ config: sweep.file, cwd: sweep.cwd });
    expect(b).toEqual(a);
    const one = await plan({ config: sweep.file, cwd: sweep.cwd, seed: 7, models: ['mmoe'] });
    expect(one.jobs.map((j) => [j.model, j.seed])).toEqual([['mmoe', 7], ['mmoe', 7]]);
  });

  it.each([1, 2, 3, 7])('%i shards cover every job exactly once (index mod N)', async (n) => {
    const p = await plan({ config: sweep.file, cwd: sweep.cwd, shards: n });
    const taken = p.jobs.map((j) => [...Array(n).keys()].filter((i) => inShard(j.index, { index: i, count: n })));
    expect(taken.every((shards) => shards.length === 1)).toBe(true);
    expect(p.jobs.map((j) => j.shard)).toEqual(taken.map(([i]) => i));
    // round robin: shard sizes differ by at most one
    const sizes = [...Array(n).keys()].map((i) => p.jobs.filter((j) => j.shard === i).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});
