import { paramTitle, valueText, type SweepStudy } from '../study/sweep';
import type { Stat } from '../study/types';
import { intervalText } from './format';

/** One plotted point: a model's (series') value at one grid point for one task. */
export interface SweepFigureRow {
  /** the line it belongs to: the model, plus the other swept values when the grid has several parameters */
  series: string;
  model: string;
  task: string;
  /** facet title, e.g. "gain vcr (MSE)" or "vcr test MSE" */
  panel: string;
  /** the sweep point's key */
  point: string;
  /** the swept value (number on a quantitative axis, else its text) */
  x: number | string;
  x_label: string;
  mean: number;
  /** 95% interval over seeds; equal to mean with one seed */
  lo: number;
  hi: number;
  /** seeds the value is over */
  n: number;
}

export interface SweepFigureData {
  /** the swept path on the x axis (the grid's first parameter) */
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
  /** every series, baselines first: the colour order both figures share */
  series: string[];
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
 * The data of the sweep figures (as the paper's Fig. 7): per task, each
 * model's MTL gain and test metric against the swept value, with its 95%
 * interval. One series per model (with one swept parameter), one point per
 * grid value where the model has a usable result. Pure: no files, no vega.
 */
export function sweepFigureData(study: SweepStudy): SweepFigureData {
  const param = study.params[0] ?? '';
  const others = study.params.slice(1);
  const values = study.points.map((p) => p.overrides[param]);
  const numeric = values.length > 0 && values.every((v) => typeof v === 'number' && Number.isFinite(v));
  const gains: SweepFigureRow[] = [];
  const metrics: SweepFigureRow[] = [];
  const missing: string[] = [];
  for (const point of study.points) {
    const value = point.overrides[param];
    const x_label = valueText(value);
    const x = numeric ? (value as number) : x_label;
    const rest = others.map((o) => `${lastName(o)}=${valueText(point.overrides[o])}`).join(', ');
    const before = gains.length + metrics.length;
    for (const m of point.summary?.models ?? []) {
      const series = rest ? `${m.model} · ${rest}` : m.model;
      for (const t of point.summary!.tasks) {
        const metric = t.metric.toUpperCase();
        const base = { series, model: m.model, task: t.name, point: point.key, x, x_label };
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
  return {
    param,
    title: paramTitle(param, study),
    axis: numeric ? 'quantitative' : 'ordinal',
    order: [...new Set(values.map(valueText))],
    gains,
    metrics,
    series: [...new Set(metrics.map((r) => r.series))],
    missing,
    interval: intervalText(study.points.find((p) => p.summary?.statistics)?.summary?.statistics),
  };
}
