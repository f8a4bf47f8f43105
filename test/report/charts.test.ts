import { curvesSpec, expertsSpec, gainHeatmapSpec, quadrantSpec, renderCharts } from '../../src/report/charts';
import { curvePanels, curveRows } from '../../src/report/curve-rows';
import { expertRows } from '../../src/report/chart-experts';
import { summarize } from '../../src/study/summary';
import { makeRun, tableMetrics } from '../study/fixtures';
import { checkXml } from './xml';

const BASE = {
  single_task: { vtr: 0.68, vcr: 0.132 },
  mmoe: { vtr: 0.69, vcr: 0.133 },
  ple: { vtr: 0.691, vcr: 0.131 },
};

describe('charts', () => {
  const run = makeRun({ metrics: tableMetrics(BASE) });
  const summary = summarize(run);

  test('renders the quadrant scatter, training curves and expert utilisation as well-formed SVG', async () => {
    const charts = await renderCharts(run, summary);
    expect(charts.map((c) => c.file)).toEqual(['quadrant.svg', 'training-curves.svg', 'expert-utilisation.svg']);
    for (const c of charts) {
      expect(c.svg.startsWith('<svg')).toBe(true);
      expect(checkXml(c.svg)).toMatchObject({ ok: true, root: 'svg' });
    }
    const quadrant = charts[0].svg;
    // both gains on vtr are positive: the axis starts just left of 0, too narrow a strip for the names of Q2 and Q3
    for (const text of ['>mmoe<', '>ple<', '>Q1 positive transfer<', '>Q4 seesaw<']) expect(quadrant).toContain(text);
    for (const text of ['Q2 seesaw', 'Q3 negative transfer']) expect(quadrant).not.toContain(text);
    // the baseline is the origin, not a point
    expect(quadrant).not.toContain('>single_task<');
  });

  test('the quadrant scatter needs a baseline and exactly two tasks; the heat-map three or more', () => {
    const noBaseline = makeRun({ models: [{ name: 'mmoe', arch: 'mmoe' }], metrics: tableMetrics(BASE) });
    expect(quadrantSpec(summarize(noBaseline))).toBeNull();
    const oneTask = makeRun({ tasks: [{ name: 'vtr', type: 'binary' }], metrics: tableMetrics(BASE) });
    expect(quadrantSpec(summarize(oneTask))).toBeNull();
    expect(gainHeatmapSpec(summarize(oneTask))).toBeNull();
    expect(gainHeatmapSpec(summary)).toBeNull();
    expect(curvesSpec(oneTask)).not.toBeNull();
  });

  test('curves average the ok seeds per epoch; failed jobs are left out', () => {
    const ok = tableMetrics(BASE);
    const withFailure = makeRun({ metrics: (m, s) => (m === 'ple' && s === 3 ? 'failed' : ok(m, s)) });
    const rows = curveRows(withFailure).filter((r) => r.model === 'ple' && r.panel === 'vtr log loss' && r.part === 'train' && r.epoch === 0);
    // fixture loss: 0.6 / (1 + epoch) + 0.001 · seed over seeds 1 and 2
    expect(rows).toHaveLength(1);
    expect(rows[0].seeds).toBe(2);
    expect(rows[0].mean).toBeCloseTo(0.6015, 10);
    // band: ± 1 sd of 0.601 and 0.602
    expect(rows[0].hi - rows[0].mean).toBeCloseTo(Math.SQRT1_2 * 0.001, 10);
  });

  test("a weight panel per task when some model's weights moved (a balancing method), none when every weight stayed 1", () => {
    expect(curvePanels(run)).toEqual(['vtr log loss', 'vtr AUC', 'vcr MSE']);
    const balanced = makeRun({ metrics: tableMetrics(BASE) });
    // ple trained with weights that moved over the epochs, as DWA or GradNorm would set them
    balanced.jobs = balanced.jobs.map((j) => (j.model === 'ple' ? { ...j, history: j.history.map((h, e) => ({ ...h, weights: { vtr: 1 + 0.1 * e, vcr: 1 - 0.1 * e } })) } : j));
    expect(curvePanels(balanced)).toEqual(['vtr log loss', 'vtr AUC', 'vcr MSE', 'vtr weight', 'vcr weight']);
    const rows = curveRows(balanced).filter((r) => r.model === 'ple' && r.panel === 'vcr weight');
    expect(rows.map((r) => [r.epoch, r.mean])).toEqual([[0, 1], [1, 0.9], [2, 0.8]].map(([e, m]) => [e, expect.closeTo(m, 12)]));
  });

  test('expert utilisation only for gated models, one panel per model and level', () => {
    const panels = new Set(expertRows(run).map((r) => r.panel));
    expect([...panels]).toEqual(['mmoe · level 0', 'ple · level 0', 'ple · level 1']);
    const noGates = makeRun({ models: [{ name: 'single_task', arch: 'single_task' }], metrics: tableMetrics(BASE) });
    expect(expertsSpec(noGates)).toBeNull();
  });
});

test('with three tasks the gains are a heat-map, not a scatter of two of them', async () => {
  const tasks = [
    { name: 'vtr', type: 'binary' as const },
    { name: 'vcr', type: 'regression' as const },
    { name: 'shr', type: 'binary' as const },
  ];
  const run = makeRun({ tasks, metrics: tableMetrics({ single_task: { vtr: 0.68, vcr: 0.13, shr: 0.7 }, mmoe: { vtr: 0.69, vcr: 0.12, shr: 0.69 }, ple: { vtr: 0.7, vcr: 0.12, shr: 0.71 } }) });
  const summary = summarize(run);
  expect(summary.models[1].quadrant!.label).toBe('seesaw (shr lost): 2 up (2 firm), 1 down (1 firm)');
  const charts = await renderCharts(run, summary);
  expect(charts.map((c) => c.file)).toEqual(['gain-heatmap.svg', 'training-curves.svg', 'expert-utilisation.svg']);
  expect(checkXml(charts[0].svg).ok).toBe(true);
});
