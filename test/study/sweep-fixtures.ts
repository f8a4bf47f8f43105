import type { RunData } from '../../src/results/types';
import type { SweepPointInput } from '../../src/study/sweep';
import { makeRun, tableMetrics, type FixtureMetrics, type FixtureOptions } from './fixtures';

/** A hand-made sweep: one fixture run per grid value under results/<config>/<run id>/points/<key>. */
export interface SweepFixture {
  /** swept path, e.g. data.synthetic.correlation or tasks[1].gamma */
  param: string;
  values: unknown[];
  /** metrics of a model and seed at one grid value */
  metrics: (value: unknown) => FixtureMetrics;
  /** grid values whose point has not run (listed in the manifest, absent from the points) */
  notRun?: unknown[];
  options?: Omit<FixtureOptions, 'metrics'>;
  /** tasks at one grid value (a sweep over the task set); default options.tasks */
  tasksFor?: (value: unknown) => FixtureOptions['tasks'];
}

export function pointKey(param: string, value: unknown): string {
  const name = param.replace(/\[(\d+)\]/g, '$1').split('.').at(-1);
  return `${name}=${String(value)}`;
}

export function makeSweep(f: SweepFixture): SweepPointInput[] {
  const grid = f.values.map((v) => ({ key: pointKey(f.param, v), overrides: { [f.param]: v } }));
  const points: SweepPointInput[] = [];
  for (const [i, value] of f.values.entries()) {
    if (f.notRun?.includes(value)) continue;
    const run: RunData = makeRun({ ...f.options, ...(f.tasksFor ? { tasks: f.tasksFor(value) } : {}), metrics: f.metrics(value) });
    const gamma = /^tasks\[(\d+)\]\.(gamma|weight)$/.exec(f.param);
    if (gamma) (run.config.tasks[Number(gamma[1])] as unknown as Record<string, unknown>)[gamma[2]] = value;
    const top = run.dir;
    run.dir = `${top}/points/${grid[i].key}`;
    run.manifest = { ...run.manifest, sweep_points: grid, samples: { train: { vtr: 5000, vcr: 2000 }, validation: { vtr: 500, vcr: 200 }, test: { vtr: 1000, vcr: 400 } } };
    points.push({ key: grid[i].key, overrides: grid[i].overrides, run });
  }
  return points;
}

/** The run directory (results/<config>/<run id>) of a fixture sweep. */
export function sweepDir(points: SweepPointInput[]): string {
  return points[0].run.dir.replace(/\/points\/[^/]+$/, '');
}

/** Metrics of a correlation sweep: gains of mmoe and ple grow with the correlation; single_task stays put. */
export const byCorrelation = (c: unknown) => {
  const p = c as number;
  return tableMetrics({
    single_task: { vtr: 0.68, vcr: 0.132 },
    mmoe: { vtr: 0.68 + 0.01 * p, vcr: 0.132 - 0.001 * p },
    ple: { vtr: 0.681 + 0.01 * p, vcr: 0.131 - 0.001 * p },
  });
};
