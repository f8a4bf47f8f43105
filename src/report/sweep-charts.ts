import type { TopLevelSpec } from 'vega-lite';
import type { SweepFigureData, SweepFigureRow } from './sweep-figure-data';

/** vega's category10, assigned by the series' place in `data.series` so a model keeps its colour in both figures. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** d3 format for the y ticks: e-notation for small gains (MSE gains of 1e-5). */
function yFormat(rows: readonly SweepFigureRow[]): string {
  const extent = Math.max(0, ...rows.flatMap((r) => [Math.abs(r.lo), Math.abs(r.hi)]));
  return extent > 0 && extent < 1e-3 ? '.1e' : '.4~g';
}

interface LineBandOptions {
  title: string;
  subtitle: string;
  yTitle: string;
  /** draw y = 0 (gains) */
  zero: boolean;
  /** series in legend order */
  series: string[];
}

/**
 * Lines with 95% interval bands (area, plus a vertical rule at each point so
 * that an interval shows even on an ordinal axis or for a lone point), one
 * colour per series, one panel per task with its own y scale.
 */
function lineBandSpec(data: SweepFigureData, rows: SweepFigureRow[], o: LineBandOptions): TopLevelSpec {
  const x =
    data.axis === 'quantitative'
      ? { field: 'x', type: 'quantitative' as const, title: data.title, scale: { zero: false } }
      : { field: 'x_label', type: 'ordinal' as const, title: data.title, sort: data.order, axis: { labelAngle: 0 } };
  const fmt = yFormat(rows);
  const y = { field: 'mean', type: 'quantitative' as const, title: o.yTitle, scale: { zero: false }, axis: { format: fmt } };
  const range = o.series.map((name) => PALETTE[Math.max(0, data.series.indexOf(name)) % PALETTE.length]);
  const color = { field: 'series', type: 'nominal' as const, title: 'model', scale: { domain: o.series, range } };
  const layer: unknown[] = [
    { mark: { type: 'area', opacity: 0.15 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
    { mark: { type: 'rule', opacity: 0.6 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
    {
      mark: { type: 'line', point: true },
      encoding: {
        x,
        y,
        color,
        tooltip: [{ field: 'series' }, { field: 'x_label', title: data.param }, { field: 'mean', format: fmt }, { field: 'lo', format: fmt }, { field: 'hi', format: fmt }, { field: 'n', title: 'seeds' }],
      },
    },
  ];
  if (o.zero) layer.unshift({ mark: { type: 'rule', color: '#444', strokeDash: [4, 3] }, encoding: { y: { datum: 0, type: 'quantitative' } } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: o.title, subtitle: o.subtitle },
    background: 'white',
    data: { values: rows },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: [...new Set(rows.map((r) => r.panel))] } },
    spec: { width: 280, height: 220, layer },
    resolve: { scale: { y: 'independent' } },
    // the faint band layer would otherwise wash out the legend's symbols
    config: { legend: { symbolOpacity: 1 } },
  } as TopLevelSpec;
}

function seriesOrder(rows: readonly SweepFigureRow[]): string[] {
  return [...new Set(rows.map((r) => r.series))];
}

/** MTL gain of every task against the swept value, one line per model. Null without gains (no single-task model). */
export function sweepGainSpec(data: SweepFigureData): TopLevelSpec | null {
  if (data.gains.length === 0) return null;
  return lineBandSpec(data, data.gains, {
    title: `MTL gain against ${data.title}`,
    subtitle: `gain over single_task at each grid point (positive = better); bands and bars: ${data.interval}`,
    yTitle: 'MTL gain',
    zero: true,
    series: seriesOrder(data.gains),
  });
}

/** Test metric (AUC, or MSE: the test loss of a regression task) against the swept value, every model including single_task. */
export function sweepMetricSpec(data: SweepFigureData): TopLevelSpec | null {
  if (data.metrics.length === 0) return null;
  return lineBandSpec(data, data.metrics, {
    title: `Test metric against ${data.title} (as the paper's Fig. 7)`,
    subtitle: 'AUC (higher is better) or MSE = test loss (lower is better); bands and bars: 95% interval over seeds',
    yTitle: 'test metric',
    zero: false,
    series: seriesOrder(data.metrics),
  });
}
