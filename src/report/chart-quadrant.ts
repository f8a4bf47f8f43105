import type { TopLevelSpec } from 'vega-lite';
import type { StudySummary } from '../study/types';
import { firmRule, intervalText, pText, signed } from './format';
import { FAMILIES, familyOf } from './model-family';
import { cornerNames, fitDomain, modelLabels, pixelScale, quadrantRegions } from './quadrant-layout';

const WIDTH = 520;
const HEIGHT = 440;
const LABEL_SIZE = 11;
const CORNER_SIZE = 11;
/** half the extent of a point's mark (size 80 square pixels), plus a little air */
const POINT_RADIUS = 6;

/** d3 format for axis ticks: e-notation when gains are below 1e-3 (small MSE gains). */
function tickFormat(domain: [number, number]): string {
  return Math.max(Math.abs(domain[0]), Math.abs(domain[1])) < 1e-3 ? '.1e' : '.4~f';
}

/** Each plotted model: its gains, their interval in force and whether each is firm. */
function quadrantPoints(summary: StudySummary) {
  const [tx, ty] = summary.tasks;
  const pName = summary.statistics?.correction === 'none' ? 'p' : 'adj. p';
  return summary.models
    .filter((m) => m.gains && m.gains[tx.name].mean !== null && m.gains[ty.name].mean !== null)
    .map((m) => {
      const gx = m.gains![tx.name];
      const gy = m.gains![ty.name];
      const family = familyOf(m.arch);
      return {
        model: m.model,
        arch: m.arch,
        family,
        // filled where firm on both tasks, hollow otherwise
        fill: m.quadrant?.firm ? FAMILIES.find((f) => f.family === family)!.colour : 'white',
        certainty: m.quadrant?.certainty ?? 'single seed',
        x: gx.mean!, x_lo: gx.ci_low ?? gx.mean!, x_hi: gx.ci_high ?? gx.mean!, x_firm: gx.firm,
        y: gy.mean!, y_lo: gy.ci_low ?? gy.mean!, y_hi: gy.ci_high ?? gy.mean!, y_firm: gy.firm,
        x_text: `${signed(gx.mean)} (${pName} ${pText(gx.p_adjusted ?? gx.p)})`,
        y_text: `${signed(gy.mean)} (${pName} ${pText(gy.p_adjusted ?? gy.p)})`,
      };
    });
}

/**
 * The paper's Figure 3 for two tasks: each model's gain on the first task
 * (x) against the second (y), one mark per model with its interval in force
 * as error bars in both directions. Colour and shape give the model's
 * family; a filled mark is firm on both tasks, a hollow one is not; a dashed
 * bar is a gain within noise. Axes fit the data and always hold both zero
 * lines; the quadrants are shaded and named where the name fits; labels sit
 * beside their points without overlap (leader lines where they had to move).
 * Null without a baseline or unless the run has exactly two tasks (three or
 * more get the gain heat-map).
 */
export function quadrantSpec(summary: StudySummary): TopLevelSpec | null {
  if (summary.baseline === null || summary.tasks.length !== 2) return null;
  const [tx, ty] = summary.tasks;
  const points = quadrantPoints(summary);
  if (points.length === 0) return null;
  const xd = fitDomain(points.flatMap((p) => [p.x_lo, p.x_hi, p.x]));
  const yd = fitDomain(points.flatMap((p) => [p.y_lo, p.y_hi, p.y]));
  const sx = pixelScale(xd, WIDTH, false);
  const sy = pixelScale(yd, HEIGHT, true);
  const regions = quadrantRegions(xd, yd);
  const corners = cornerNames(regions, sx, sy, WIDTH, HEIGHT, CORNER_SIZE);
  const labels = modelLabels(points, sx, sy, { width: WIDTH, height: HEIGHT, fontSize: LABEL_SIZE, pointRadius: POINT_RADIUS, corners });

  const scale = (domain: [number, number]) => ({ domain, nice: false, zero: false });
  const x = { field: 'x', type: 'quantitative' as const, scale: scale(xd), axis: { format: tickFormat(xd), grid: false, tickCount: 6 }, title: `gain ${tx.name} (${tx.metric.toUpperCase()})` };
  const y = { field: 'y', type: 'quantitative' as const, scale: scale(yd), axis: { format: tickFormat(yd), grid: false, tickCount: 8 }, title: `gain ${ty.name} (${ty.metric.toUpperCase()})` };
  const present = FAMILIES.filter((f) => points.some((p) => p.family === f.family));
  const family = { field: 'family', type: 'nominal' as const, title: 'model family', scale: { domain: present.map((f) => f.family), range: present.map((f) => f.colour) } };
  const shape = { ...family, scale: { domain: present.map((f) => f.family), range: present.map((f) => f.shape) } };
  const dash = (firm: string) => ({ condition: { test: `datum.${firm}`, value: [1, 0] }, value: [4, 3] });
  const against = summary.baseline === 'single_task' ? 'MTL gain against single_task (as the paper\'s Figure 3)' : `Gain against ${summary.baseline}`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: against,
      // short lines: vega sizes the canvas by an estimate of 0.8 em per character
      subtitle: [
        `${summary.config_name}/${summary.run_id}; positive = better on that task`,
        `bars: ${intervalText(summary.statistics)}; dashed: within noise`,
        `filled mark: firm on both tasks (${firmRule(summary.statistics)})`,
      ],
      anchor: 'start',
    },
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    config: { legend: { symbolStrokeWidth: 1.5, labelLimit: 220 } },
    layer: [
      {
        name: 'quadrants',
        data: { values: regions },
        mark: { type: 'rect' },
        encoding: { x, x2: { field: 'x2' }, y, y2: { field: 'y2' }, color: { field: 'tint', type: 'nominal', scale: null } },
      },
      { name: 'zero_x', data: { values: [{}] }, mark: { type: 'rule', color: '#444' }, encoding: { x: { datum: 0, type: 'quantitative', scale: x.scale } } },
      { name: 'zero_y', data: { values: [{}] }, mark: { type: 'rule', color: '#444' }, encoding: { y: { datum: 0, type: 'quantitative', scale: y.scale } } },
      // align and baseline are mark properties, not channels: one layer per corner name
      ...corners.map((c, i) => ({
        name: `corner_name_${i}`,
        data: { values: [c] },
        mark: { type: 'text' as const, color: '#777', fontSize: CORNER_SIZE, align: c.align, baseline: c.baseline },
        encoding: { x, y, text: { field: 'name' } },
      })),
      {
        name: 'bars_x',
        data: { values: points },
        mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.75 },
        encoding: { x: { ...x, field: 'x_lo' }, x2: { field: 'x_hi' }, y, color: family, strokeDash: dash('x_firm') },
      },
      {
        name: 'bars_y',
        data: { values: points },
        mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.75 },
        encoding: { y: { ...y, field: 'y_lo' }, y2: { field: 'y_hi' }, x, color: family, strokeDash: dash('y_firm') },
      },
      {
        name: 'leaders',
        data: { values: labels.flatMap((l) => (l.leader ? [l.leader] : [])) },
        mark: { type: 'rule', color: '#888', strokeWidth: 0.8 },
        encoding: { x, y, x2: { field: 'x2' }, y2: { field: 'y2' } },
      },
      {
        name: 'points',
        data: { values: points },
        mark: { type: 'point', filled: false, size: 80, strokeWidth: 1.8, opacity: 1, fillOpacity: 1 },
        encoding: {
          x, y, color: family, shape,
          // the fill as a colour of its own (no scale): the legend's symbols stay hollow, as a family is not a verdict
          fill: { field: 'fill', type: 'nominal', scale: null },
          tooltip: [{ field: 'model' }, { field: 'arch' }, { field: 'x_text', title: `gain ${tx.name}` }, { field: 'y_text', title: `gain ${ty.name}` }, { field: 'certainty' }],
        },
      },
      {
        name: 'label_backgrounds',
        data: { values: labels.map((l) => l.box) },
        mark: { type: 'rect', color: 'white', opacity: 0.7 },
        encoding: { x, x2: { field: 'x2' }, y, y2: { field: 'y2' } },
      },
      {
        name: 'labels',
        data: { values: labels },
        mark: { type: 'text', align: 'center', baseline: 'middle', fontSize: LABEL_SIZE, color: '#222' },
        encoding: { x, y, text: { field: 'model' } },
      },
    ],
  } as TopLevelSpec;
}
