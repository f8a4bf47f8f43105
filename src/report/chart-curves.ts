import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from '../results/types';
import { curvePanels, curveRows, type CurveRow } from './curve-rows';

const TRAIN = { colour: '#1f77b4', dash: [1, 0] };
const VALIDATION = { colour: '#e6550d', dash: [1, 0] };
const REFERENCE = { colour: '#8c8c8c', dash: [4, 3] };

type PlotRow = CurveRow & { series: string };

/**
 * Training curves as small multiples: a row per model, a column per task
 * and metric (log loss and AUC of a binary task, MSE of a regression task),
 * training and validation per epoch as the mean over seeds with a band of
 * ± 1 sd. Every row also shows the baseline's validation curve, dashed, so
 * that a model that over-fits (training falls, validation rises) stands out
 * against it; a column shares its y scale. Null without history.
 */
export function curvesSpec(run: RunData, baseline: string | null = null): TopLevelSpec | null {
  const rows = curveRows(run);
  if (rows.length === 0) return null;
  const models = run.config.models.map((m) => m.name).filter((m) => rows.some((r) => r.model === m));
  const own: PlotRow[] = rows.map((r) => ({ ...r, series: r.part }));
  // the baseline's validation curve, copied into every other model's row
  const reference: PlotRow[] = rows
    .filter((r) => r.model === baseline && r.part === 'validation')
    .flatMap((r) => models.filter((m) => m !== baseline).map((model) => ({ ...r, model, series: `${baseline} validation`, lo: r.mean, hi: r.mean })));
  const series = [
    ['train', TRAIN],
    ['validation', VALIDATION],
    [`${baseline} validation`, REFERENCE],
  ].filter(([name]) => [...own, ...reference].some((r) => r.series === name)) as [string, typeof TRAIN][];
  const domain = series.map(([name]) => name);
  const color = { field: 'series', type: 'nominal' as const, title: null, scale: { domain, range: series.map(([, s]) => s.colour) }, legend: { orient: 'top' as const, symbolType: 'stroke', labelLimit: 240 } };
  // the same field and title as the colour: vega-lite draws one legend with both
  const strokeDash = { field: 'series', type: 'nominal' as const, title: null, scale: { domain, range: series.map(([, s]) => s.dash) } };
  const x = { field: 'epoch', type: 'quantitative' as const, title: 'epoch', axis: { tickMinStep: 1, format: 'd' } };
  const y = { field: 'mean', type: 'quantitative' as const, title: null, scale: { zero: false } };
  const panels = curvePanels(run).filter((p) => rows.some((r) => r.panel === p));
  const column = (panel: string, i: number) => ({
    title: { text: panel, frame: 'group' as const, anchor: 'middle' as const },
    transform: [{ filter: { field: 'panel', equal: panel } }],
    // rows spaced by the plot's height, not by its axis labels' reach, so the columns' rows line up
    bounds: 'flush' as const,
    spacing: { row: 20 },
    facet: { row: { field: 'model', type: 'nominal' as const, sort: models, title: null, header: { labels: false } } },
    spec: {
      width: 170,
      height: 64,
      layer: [
        // the model's name just above its panel, in every column (a facet header would be placed by estimated text widths)
        {
          name: `model_names_${i}`,
          transform: [{ aggregate: [{ op: 'count' as const, as: 'n' }], groupby: ['model'] }],
          mark: { type: 'text', align: 'left', baseline: 'bottom', fontSize: 10, x: 0, y: -3 },
          encoding: { text: { field: 'model' } },
        },
        { name: `bands_${i}`, mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
        {
          name: `curves_${i}`,
          mark: { type: 'line', strokeWidth: 1.6, point: { size: 14 } },
          encoding: {
            x, y, color, strokeDash,
            tooltip: [{ field: 'model' }, { field: 'series' }, { field: 'epoch' }, { field: 'mean', format: '.4f' }, { field: 'seeds' }],
          },
        },
      ],
    },
  });
  const bandNote = rows.some((r) => r.seeds > 1) ? 'band: ± 1 sd across seeds; ' : '';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: 'Training and validation per epoch',
      subtitle: [
        `mean over the ok seeds that reached each epoch; ${bandNote}epochs 0-based`,
        'train: mean over the epoch\'s batches; validation: after the epoch',
      ],
      anchor: 'start',
    },
    background: 'white',
    data: { values: [...reference, ...own] },
    hconcat: panels.map(column),
    spacing: 14,
    config: { legend: { symbolOpacity: 1 } },
  } as TopLevelSpec;
}
