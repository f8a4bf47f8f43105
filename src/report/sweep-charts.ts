import type { TopLevelSpec } from 'vega-lite';
import type { SweepFigureData, SweepFigureRow } from './sweep-figure-data';

/** vega's category10: one colour per group (the other swept parameters' values); the only one with a single swept parameter. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const REFERENCE = '#8c8c8c';
/** model panels per row of a task's grid */
const COLUMNS = 5;

/** d3 format for the y ticks: e-notation for small gains (MSE gains of 1e-5). */
function yFormat(rows: readonly SweepFigureRow[]): string {
  const extent = Math.max(0, ...rows.flatMap((r) => [Math.abs(r.lo), Math.abs(r.hi)]));
  return extent > 0 && extent < 1e-3 ? '.1e' : '.4~g';
}

interface PanelOptions {
  title: string;
  subtitle: string[];
  /** draw y = 0 (gains) */
  zero: boolean;
  /** the baseline's own rows, drawn dashed in every other model's panel */
  reference: string | null;
}

/**
 * Small multiples: for each task a grid with one panel per model (sharing
 * the task's y scale), each a line over the swept values with its interval
 * as a band and as a rule at every point (so it shows on an ordinal axis
 * and for a lone point too). With several swept parameters each of the
 * other values' groups is a line of its own colour.
 */
function panelsSpec(data: SweepFigureData, rows: SweepFigureRow[], o: PanelOptions): TopLevelSpec {
  const x =
    data.axis === 'quantitative'
      ? { field: 'x', type: 'quantitative' as const, title: data.title, scale: { zero: false } }
      : { field: 'x_label', type: 'ordinal' as const, title: data.title, sort: data.order, axis: { labelAngle: 0 } };
  const fmt = yFormat(rows);
  const y = { field: 'mean', type: 'quantitative' as const, title: null, scale: { zero: false }, axis: { format: fmt } };
  const grouped = data.groups.length > 1;
  const color = grouped
    ? { field: 'group', type: 'nominal' as const, title: 'other swept values', scale: { domain: data.groups, range: data.groups.map((_, i) => PALETTE[i % PALETTE.length]) } }
    : { value: PALETTE[0] };
  const models = data.models.filter((m) => rows.some((r) => r.model === m));
  // the baseline's line again in every other model's panel, so a panel reads against it; its value
  // sits in `ref` alone and its rows are lines of their own, so each layer draws only its own rows
  const reference = rows
    .filter((r) => r.model === o.reference)
    .flatMap((r) => models.filter((m) => m !== o.reference).map((model) => ({ ...r, model, line: `reference ${r.group}`, ref: r.mean, mean: null, lo: null, hi: null })));
  const detail = { field: 'line' };
  const panels = [...new Set(rows.map((r) => r.panel))];
  const task = (panel: string, i: number) => {
    const layer: unknown[] = [
      { name: `bands_${i}`, mark: { type: 'area', opacity: 0.15 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color, detail } },
      { name: `bars_${i}`, mark: { type: 'rule', opacity: 0.7 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
      {
        name: `lines_${i}`,
        mark: { type: 'line', point: true },
        encoding: {
          x, y, color, detail,
          tooltip: [{ field: 'model' }, { field: 'group', title: 'other values' }, { field: 'x_label', title: data.param }, { field: 'mean', format: fmt }, { field: 'lo', format: fmt }, { field: 'hi', format: fmt }, { field: 'n', title: 'seeds' }],
        },
      },
    ];
    if (reference.length > 0) layer.push({ name: `reference_${i}`, mark: { type: 'line', color: REFERENCE, strokeDash: [4, 3], strokeWidth: 1 }, encoding: { x, y: { ...y, field: 'ref' }, detail } });
    // one zero line per panel (a datum rule would be drawn once per row)
    const once = [{ aggregate: [{ op: 'count', as: 'n' }], groupby: ['model'] }];
    if (o.zero) layer.unshift({ name: `zero_${i}`, transform: once, mark: { type: 'rule', color: '#444', strokeDash: [4, 3] }, encoding: { y: { datum: 0, type: 'quantitative' } } });
    return {
      title: { text: panel, anchor: 'start' as const },
      transform: [{ filter: { field: 'panel', equal: panel } }],
      facet: { field: 'model', type: 'nominal' as const, sort: models, title: null, header: { labelFontSize: 11 } },
      columns: Math.min(COLUMNS, models.length),
      spec: { width: 150, height: 110, layer },
    };
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: o.title, subtitle: o.subtitle, anchor: 'start' },
    background: 'white',
    data: { values: [...rows.map((r) => ({ ...r, line: r.group })), ...reference] },
    vconcat: panels.map(task),
    spacing: 24,
    config: { legend: { symbolOpacity: 1, orient: 'top', labelLimit: 300 } },
  } as TopLevelSpec;
}

/** MTL gain of every task against the swept value, a panel per model. Null without gains (no single-task model). */
export function sweepGainSpec(data: SweepFigureData): TopLevelSpec | null {
  if (data.gains.length === 0) return null;
  return panelsSpec(data, data.gains, {
    title: `MTL gain against ${data.title}`,
    subtitle: [`gain over ${data.baseline ?? 'single_task'} at each grid point (positive = better)`, `bands and bars: ${data.interval}`],
    zero: true,
    reference: null,
  });
}

/** Test metric (AUC, or MSE: the test loss of a regression task) against the swept value, a panel per model, single_task included. */
export function sweepMetricSpec(data: SweepFigureData): TopLevelSpec | null {
  if (data.metrics.length === 0) return null;
  const reference = data.baseline && data.models.includes(data.baseline) ? data.baseline : null;
  return panelsSpec(data, data.metrics, {
    title: `Test metric against ${data.title} (as the paper's Fig. 7)`,
    subtitle: [
      'AUC (higher is better) or MSE = test loss (lower is better); bands and bars: 95% interval over seeds',
      ...(reference ? [`dashed grey: ${reference}, in every other model's panel`] : []),
    ],
    zero: false,
    reference,
  });
}
