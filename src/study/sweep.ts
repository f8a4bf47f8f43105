import { worldSeeds } from '../config/worlds';
import type { RunData } from '../results/types';
import { summarize, type SummaryOptions } from './summary';
import type { StudySummary, StudyTask } from './types';

/** One sweep point as `readStudy` returns it. */
export interface SweepPointInput {
  key: string;
  overrides: Record<string, unknown>;
  run: RunData;
}

/** A grid point of the study: its summary, or null when it has no results yet. */
export interface SweepPointSummary {
  key: string;
  overrides: Record<string, unknown>;
  summary: StudySummary | null;
  /** model × seed jobs the point's config asks for, and how many finished ok or failed */
  jobs: { expected: number; ok: number; failed: number };
  /** ω₀ and γ of each task at this point */
  weights: { task: string; weight: number; gamma: number }[];
  /** the point's run directory, null when not run */
  dir: string | null;
}

export interface SweepStudy {
  config_name: string;
  run_id: string;
  /** swept parameter paths, in the grid's order (the first one is the figures' x axis) */
  params: string[];
  /** every grid point, in grid order; points not run yet have summary null */
  points: SweepPointSummary[];
  /** task names over all points (first point's order, then new ones) */
  tasks: StudyTask[];
  /** model names over all points, baselines first */
  models: string[];
}

/**
 * The study of a run with a sweep: each point summarised on its own (gains
 * against that point's single-task model), plus the grid points that have no
 * results yet (from the manifest's `sweep_points`), so that a report can mark
 * them rather than silently drop them.
 */
export function summarizeSweep(
  points: readonly SweepPointInput[],
  expected?: readonly { key: string; overrides: Record<string, unknown> }[],
  statistics: SummaryOptions = {},
): SweepStudy {
  if (points.length === 0 && !expected?.length) throw new Error('summarizeSweep: no sweep points');
  const manifest = points[0]?.run.manifest;
  const grid = expected ?? manifest?.sweep_points ?? points.map((p) => ({ key: p.key, overrides: p.overrides }));
  const byKey = new Map(points.map((p) => [p.key, p]));
  const extra = points.filter((p) => !grid.some((g) => g.key === p.key));
  const out: SweepPointSummary[] = [...grid, ...extra].map((g) => {
    const p = byKey.get(g.key);
    if (!p) return { key: g.key, overrides: g.overrides, summary: null, jobs: { expected: 0, ok: 0, failed: 0 }, weights: [], dir: null };
    const summary = summarize(p.run, statistics);
    const latest = new Map(p.run.jobs.map((j) => [`${j.model}\u0000${j.data_seed ?? ''}\u0000${j.seed}`, j.status]));
    const statuses = [...latest.values()];
    return {
      key: g.key,
      overrides: g.overrides,
      summary,
      jobs: {
        expected: p.run.config.models.length * p.run.config.training.seeds.length * worldSeeds(p.run.config).length,
        ok: statuses.filter((s) => s === 'ok').length,
        failed: statuses.filter((s) => s === 'failed').length,
      },
      weights: summary.tasks.map((t) => ({ task: t.name, weight: t.weight, gamma: t.gamma })),
      dir: p.run.dir,
    };
  });
  const tasks: StudyTask[] = [];
  const baselines: string[] = [];
  const models: string[] = [];
  for (const s of out.map((p) => p.summary)) {
    if (!s) continue;
    for (const t of s.tasks) if (!tasks.some((x) => x.name === t.name)) tasks.push(t);
    if (s.baseline && !baselines.includes(s.baseline)) baselines.push(s.baseline);
    for (const m of s.models) if (!models.includes(m.model)) models.push(m.model);
  }
  const params = [...new Set(out.flatMap((p) => Object.keys(p.overrides)))];
  return {
    config_name: manifest?.config_name ?? '',
    run_id: manifest?.run_id ?? '',
    params,
    points: out,
    tasks,
    models: [...baselines, ...models.filter((m) => !baselines.includes(m))],
  };
}

/** A grid value as text: numbers and strings as they are, a list of tasks as their names joined by "+". */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value) && value.every((v) => v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string')) {
    return value.map((v) => (v as { name: string }).name).join('+');
  }
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 39)}…` : json;
}

/** A swept path as an axis title: `tasks[1].gamma` gains the task's name and symbol, `tasks[1].gamma (γ of vcr)`. */
export function paramTitle(param: string, study: Pick<SweepStudy, 'points'>): string {
  const m = /^tasks\[(\d+)\]\.(weight|gamma)$/.exec(param);
  if (!m) return param;
  const summary = study.points.find((p) => p.summary)?.summary;
  const task = summary?.tasks[Number(m[1])]?.name;
  const symbol = m[2] === 'weight' ? 'ω₀' : 'γ';
  return task ? `${param} (${symbol} of ${task})` : param;
}
