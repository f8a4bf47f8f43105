import type { TopLevelSpec } from 'vega-lite';
import type { StudySummary, TransferKind } from '../study/types';
import { intervalText } from './format';

const KIND_COLOURS: Record<TransferKind, string> = {
  'positive transfer': '#2a9d4b',
  seesaw: '#e08a1e',
  'negative transfer': '#c8323c',
  'no change': '#888888',
  unknown: '#888888',
};

/** d3 format for axis ticks: e-notation when gains are below 1e-3 (small MSE gains). */
function tickFormat(extent: number): string {
  return extent < 1e-3 ? '.1e' : '.4~f';
}

/**
 * The paper's Figure 3: each model's MTL gain on the first task (x) against
 * the second (y), 95% intervals as error bars, axes through 0 and the
 * quadrants named. The domain is symmetric so that 0 sits in the middle.
 * With more tasks it plots the first two. Null when there is no baseline or
 * fewer than two tasks.
 */
export function quadrantSpec(summary: StudySummary): TopLevelSpec | null {
  if (summary.baseline === null || summary.tasks.length < 2) return null;
  const [tx, ty] = summary.tasks;
  const points = summary.models
    .filter((m) => m.gains && m.gains[tx.name].mean !== null && m.gains[ty.name].mean !== null)
    .map((m) => {
      const gx = m.gains![tx.name];
      const gy = m.gains![ty.name];
      return {
        model: m.model,
        kind: m.quadrant?.kind ?? 'unknown',
        certainty: m.quadrant?.certainty ?? 'single seed',
        x: gx.mean!, x_lo: gx.ci_low ?? gx.mean!, x_hi: gx.ci_high ?? gx.mean!,
        y: gy.mean!, y_lo: gy.ci_low ?? gy.mean!, y_hi: gy.ci_high ?? gy.mean!,
      };
    });
  if (points.length === 0) return null;
  const extent = (keys: ('x' | 'x_lo' | 'x_hi' | 'y' | 'y_lo' | 'y_hi')[]): number =>
    Math.max(1e-6, ...points.flatMap((p) => keys.map((k) => Math.abs(p[k])))) * 1.3;
  const mx = extent(['x', 'x_lo', 'x_hi']);
  const my = extent(['y', 'y_lo', 'y_hi']);
  const xAxis = { field: 'x', type: 'quantitative' as const, scale: { domain: [-mx, mx], nice: false }, axis: { format: tickFormat(mx) } };
  const yAxis = { field: 'y', type: 'quantitative' as const, scale: { domain: [-my, my], nice: false }, axis: { format: tickFormat(my) } };
  const corner = (x: number, y: number, text: string, align: 'left' | 'right', baseline: 'top' | 'bottom') => ({
    data: { values: [{ x, y, text }] },
    mark: { type: 'text' as const, align, baseline, color: '#999', fontSize: 11 },
    encoding: { x: xAxis, y: yAxis, text: { field: 'text', type: 'nominal' as const } },
  });
  const more = summary.tasks.length > 2 ? `; first two of ${summary.tasks.length} tasks` : '';
  const runTitle = `${summary.config_name}/${summary.run_id}${more}`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: summary.baseline === 'single_task' ? 'MTL gain against single_task (as the paper\'s Figure 3)' : `Gain against ${summary.baseline}`, subtitle: `${runTitle}; positive = better; bars: ${intervalText(summary.statistics)}` },
    width: 460,
    height: 460,
    background: 'white',
    data: { values: points },
    layer: [
      { mark: { type: 'rule', color: '#444' }, encoding: { x: { datum: 0, type: 'quantitative', scale: xAxis.scale } } },
      { mark: { type: 'rule', color: '#444' }, encoding: { y: { datum: 0, type: 'quantitative', scale: yAxis.scale } } },
      corner(mx * 0.97, my * 0.97, 'Q1 positive transfer', 'right', 'top'),
      corner(-mx * 0.97, my * 0.97, 'Q2 seesaw', 'left', 'top'),
      corner(-mx * 0.97, -my * 0.97, 'Q3 negative transfer', 'left', 'bottom'),
      corner(mx * 0.97, -my * 0.97, 'Q4 seesaw', 'right', 'bottom'),
      {
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x: { ...xAxis, field: 'x_lo', title: `gain ${tx.name} (${tx.metric.toUpperCase()})` }, x2: { field: 'x_hi' }, y: yAxis, color: colour() },
      },
      {
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { y: { ...yAxis, field: 'y_lo', title: `gain ${ty.name} (${ty.metric.toUpperCase()})` }, y2: { field: 'y_hi' }, x: xAxis, color: colour() },
      },
      {
        mark: { type: 'point', filled: true, size: 110, opacity: 1 },
        encoding: {
          x: xAxis,
          y: yAxis,
          color: colour(),
          shape: { field: 'certainty', type: 'nominal', title: 'certainty', scale: { domain: ['firm', 'within noise', 'single seed'], range: ['circle', 'diamond', 'triangle-up'] } },
          tooltip: [{ field: 'model' }, { field: 'kind' }, { field: 'certainty' }],
        },
      },
      { mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 12 }, encoding: { x: xAxis, y: yAxis, text: { field: 'model' } } },
    ],
  } as TopLevelSpec;
}

function colour() {
  const kinds = Object.keys(KIND_COLOURS) as TransferKind[];
  return {
    field: 'kind',
    type: 'nominal' as const,
    title: 'placement',
    scale: { domain: kinds.slice(0, 4), range: kinds.slice(0, 4).map((k) => KIND_COLOURS[k]) },
  };
}
