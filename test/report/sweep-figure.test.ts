import { sweepGainSpec, sweepMetricSpec } from '../../src/report/sweep-charts';
import { sweepFigureData } from '../../src/report/sweep-figure-data';
import { renderSvg } from '../../src/report/charts';
import { summarizeSweep } from '../../src/study/sweep';
import { byCorrelation, makeSweep } from '../study/sweep-fixtures';
import { checkXml } from './xml';

const CORRELATIONS = [0, 0.25, 0.5, 0.75, 1];

function seriesPoints(rows: { model: string; group: string; task: string; x: number | string }[]): Map<string, (number | string)[]> {
  const out = new Map<string, (number | string)[]>();
  for (const r of rows) {
    const key = [r.model, r.group, r.task].filter((k) => k !== '').join('/');
    out.set(key, [...(out.get(key) ?? []), r.x]);
  }
  return out;
}

describe('sweep figure data', () => {
  const points = makeSweep({ param: 'data.synthetic.correlation', values: CORRELATIONS, metrics: byCorrelation });
  const data = sweepFigureData(summarizeSweep(points));

  test('one series per model with as many points as grid values', () => {
    expect([...new Set(data.gains.map((r) => r.model))]).toEqual(['mmoe', 'ple']);
    expect([...new Set(data.metrics.map((r) => r.model))]).toEqual(['single_task', 'mmoe', 'ple']);
    expect(data).toMatchObject({ models: ['single_task', 'mmoe', 'ple'], groups: [''], baseline: 'single_task' });
    for (const rows of [data.gains, data.metrics]) {
      const series = seriesPoints(rows);
      for (const xs of series.values()) expect(xs).toEqual(CORRELATIONS);
    }
    expect(seriesPoints(data.gains).size).toBe(2 * 2);
    expect(seriesPoints(data.metrics).size).toBe(3 * 2);
    expect(data).toMatchObject({ param: 'data.synthetic.correlation', title: 'data.synthetic.correlation', axis: 'quantitative', missing: [] });
  });

  test('gains carry the 95% interval and follow the metric', () => {
    const ple = data.gains.filter((r) => r.model === 'ple' && r.task === 'vtr');
    expect(ple.map((r) => r.mean)).toEqual(CORRELATIONS.map((c) => expect.closeTo(0.001 + 0.01 * c, 10)));
    // identical wobble in both models: the paired gain has sd 0, the interval collapses
    for (const r of ple) expect(r.hi - r.lo).toBeCloseTo(0, 10);
    const single = data.metrics.filter((r) => r.model === 'single_task' && r.task === 'vcr');
    for (const r of single) expect(r.lo).toBeLessThan(r.hi);
  });

  test('a failed point leaves a gap in that model\'s series only; a point not run is listed as missing', () => {
    const failing = makeSweep({
      param: 'data.synthetic.correlation',
      values: CORRELATIONS,
      notRun: [1],
      metrics: (c) => (c === 0.5 ? (m, s) => (m === 'ple' ? 'failed' : byCorrelation(c)(m, s)) : byCorrelation(c)),
    });
    const d = sweepFigureData(summarizeSweep(failing));
    const series = seriesPoints(d.gains);
    expect(series.get('ple/vtr')).toEqual([0, 0.25, 0.75]);
    expect(series.get('mmoe/vtr')).toEqual([0, 0.25, 0.5, 0.75]);
    expect(d.missing).toEqual(['correlation=1']);
    expect(d.order).toEqual(['0', '0.25', '0.5', '0.75', '1']);
  });

  test('non-numeric grid values use an ordinal axis in grid order; a tasks[i].gamma path names its task', () => {
    const opt = makeSweep({ param: 'training.optimizer', values: ['sgd', 'adam'], metrics: () => byCorrelation(0.5) });
    const d = sweepFigureData(summarizeSweep(opt));
    expect(d.axis).toBe('ordinal');
    expect(d.order).toEqual(['sgd', 'adam']);
    expect(d.gains.filter((r) => r.model === 'mmoe' && r.task === 'vcr').map((r) => r.x)).toEqual(['sgd', 'adam']);
    const gamma = makeSweep({ param: 'tasks[1].gamma', values: [0.8, 0.9, 1], metrics: () => byCorrelation(0.5) });
    expect(sweepFigureData(summarizeSweep(gamma)).title).toBe('tasks[1].gamma (γ of vcr)');
  });

  test('the specs render to well-formed SVG naming the swept parameter; no gain figure without single_task', async () => {
    for (const spec of [sweepGainSpec(data), sweepMetricSpec(data)]) {
      const svg = await renderSvg(spec!);
      expect(checkXml(svg)).toMatchObject({ ok: true, root: 'svg' });
      expect(svg).toContain('data.synthetic.correlation');
      expect(svg).toContain('ple');
    }
    const noBaseline = makeSweep({
      param: 'data.synthetic.correlation',
      values: [0, 1],
      metrics: byCorrelation,
      options: { models: [{ name: 'mmoe', arch: 'mmoe' }] },
    });
    const d = sweepFigureData(summarizeSweep(noBaseline));
    expect(sweepGainSpec(d)).toBeNull();
    expect(sweepMetricSpec(d)).not.toBeNull();
  });
});
