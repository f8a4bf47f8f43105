import { paramTitle, valueText, type SweepStudy } from '../study/sweep';
import type { Stat } from '../study/types';
import { intervalText } from './format';

/** One plotted point: a model's value at one grid point for one task. */
export interface SweepFigureRow {
  model: string;
  /** the other swept parameters' values at this point ("weight=2, gamma=0.9"), '' when only one is swept: one line per group in a model's panel */
  group: string;
  task: string;
  /** facet title, e.g. "gain vcr (MSE)" or "vcr test MSE" */
  panel: string;
  /** the sweep point's key */
  point: string;
  /** the swept value (number on a quantitative axis, else its text) */
  x: number | string;
  x_label: string;
  mean: number;
  /** the interval: for a gain the one in force (`interval`), for a metric 95% over seeds; equal to mean with one seed */
  lo: number;
  hi: number;
  /** seeds the value is over */
  n: number;
}

export interface SweepFigureData {
  /** the swept path on the x axis */
  param: string;
  /** axis title, e.g. "tasks[1].gamma (γ of vcr)" */
  title: string;
  /** quantitative when every grid value is a finite number, else ordinal in grid order */
  axis: 'quantitative' | 'ordinal';
  /** x labels in grid order */
  order: string[];
  /** MTL gain per task of every non-baseline model (empty without a single-task model) */
  gains: SweepFigureRow[];
  /** test metric (AUC or MSE: the test loss of a regression task) per task of every model, single-task included */
  metrics: SweepFigureRow[];
  /** every model, baselines first: the panels' order in both figures */
  models: string[];
  /** the groups (other swept values) in grid order; [''] with one swept parameter */
  groups: string[];
  /** the baseline the gains are against (its metric is every metric panel's reference line); null without one */
  baseline: string | null;
  /** keys of grid points without any usable value (not run, or every job failed) */
  missing: string[];
  /** what the gains' intervals are, as a figure's subtitle says it */
  interval: string;
}

function lastName(param: string): string {
  return param.replace(/\[(\d+)\]/g, '$1').split('.').at(-1) ?? param;
}

function row(base: Omit<SweepFigureRow, 'mean' | 'lo' | 'hi' | 'n'>, stat: Stat | undefined): SweepFigureRow | null {
  if (!stat || stat.mean === null || !Number.isFinite(stat.mean)) return null;
  return { ...base, mean: stat.mean, lo: stat.ci_low ?? stat.mean, hi: stat.ci_high ?? stat.mean, n: stat.n };
}

/**
 * The data of one sweep figure pair (as the paper's Fig. 7): per task, each
 * model's MTL gain and test metric against the values of `param`, with its
 * interval. With several swept parameters the other ones' values split each
 * model's points into groups, one line each. One point per grid value where
 * the model has a usable result. Pure: no files, no vega.
 */
export function sweepFigureData(study: SweepStudy, param: string = study.params[0] ?? ''): SweepFigureData {
  const others = study.params.filter((p) => p !== param);
  const values = study.points.map((p) => p.overrides[param]);
  const numeric = values.length > 0 && values.every((v) => typeof v === 'number' && Number.isFinite(v));
  const gains: SweepFigureRow[] = [];
  const metrics: SweepFigureRow[] = [];
  const missing: string[] = [];
  const groups: string[] = [];
  for (const point of study.points) {
    const value = point.overrides[param];
    const x_label = valueText(value);
    const x = numeric ? (value as number) : x_label;
    const group = others.map((o) => `${lastName(o)}=${valueText(point.overrides[o])}`).join(', ');
    if (!groups.includes(group)) groups.push(group);
    const before = gains.length + metrics.length;
    for (const m of point.summary?.models ?? []) {
      for (const t of point.summary!.tasks) {
        const metric = t.metric.toUpperCase();
        const base = { model: m.model, group, task: t.name, point: point.key, x, x_label };
        const mr = row({ ...base, panel: `${t.name} test ${metric}` }, m.metrics[t.name]);
        if (mr) metrics.push(mr);
        if (m.gains && !m.is_baseline) {
          const gr = row({ ...base, panel: `gain ${t.name} (${metric})` }, m.gains[t.name]);
          if (gr) gains.push(gr);
        }
      }
    }
    if (gains.length + metrics.length === before) missing.push(point.key);
  }
  const summaries = study.points.flatMap((p) => (p.summary ? [p.summary] : []));
  return {
    param,
    title: paramTitle(param, study),
    axis: numeric ? 'quantitative' : 'ordinal',
    order: [...new Set(values.map(valueText))],
    gains,
    metrics,
    models: study.models.filter((m) => metrics.some((r) => r.model === m)),
    groups,
    baseline: summaries.find((s) => s.baseline)?.baseline ?? null,
    missing,
    interval: intervalText(summaries.find((s) => s.statistics)?.statistics),
  };
}

/** One figure pair per swept parameter, in the grid's order. */
export function sweepFigures(study: SweepStudy): SweepFigureData[] {
  return study.params.map((param) => sweepFigureData(study, param));
}
