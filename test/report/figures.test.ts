import { renderCharts, renderSvg, type ChartFile } from '../../src/report/charts';
import { sweepGainSpec, sweepMetricSpec } from '../../src/report/sweep-charts';
import { sweepFigures } from '../../src/report/sweep-figure-data';
import { summarize } from '../../src/study/summary';
import { summarizeSweep } from '../../src/study/sweep';
import { byCorrelation, makeSweep } from '../study/sweep-fixtures';
import { FOUR_TASKS, SIXTEEN, fourTaskRun, sixteenModelRun, twoParameterSweep } from './figure-fixtures';
import { overlappingPairs, svgElements, textBox } from './svg';
import { checkXml } from './xml';

/** Every figure of a 2-task, a 4-task and a sweep study, rendered and read back from the SVG. */

const texts = (svg: string, className: string) => svgElements(svg, className).texts.map((t) => t.text);
const count = (svg: string, className: string) => svgElements(svg, className).marks.length;

function byFile(charts: ChartFile[]): Record<string, string> {
  for (const c of charts) expect(checkXml(c.svg)).toMatchObject({ ok: true, root: 'svg' });
  return Object.fromEntries(charts.map((c) => [c.file, c.svg]));
}

describe('a two-task study of sixteen multi-task models', () => {
  const run = sixteenModelRun();
  const models = ['single_task', ...SIXTEEN.map((m) => m.name)];
  let svg: Record<string, string> = {};
  beforeAll(async () => {
    svg = byFile(await renderCharts(run, summarize(run)));
  });

  test('its figures: the quadrant plot, training curves and expert utilisation', () => {
    expect(Object.keys(svg)).toEqual(['quadrant.svg', 'training-curves.svg', 'expert-utilisation.svg']);
    expect(texts(svg['quadrant.svg'], 'labels_marks')).toHaveLength(16);
  });

  test('training curves: a column per task and metric, a row per model, training and validation lines, the baseline dashed in every other row', () => {
    const curves = svg['training-curves.svg'];
    for (const title of ['vtr log loss', 'vtr AUC', 'vcr MSE']) expect(curves).toContain(`>${title}<`);
    // every column names every model above its row
    for (const i of [0, 1, 2]) expect(texts(curves, `model_names_${i}_marks`)).toEqual(models);
    // log loss and MSE: train + validation per model, plus single_task's validation in the 16 other rows
    expect(count(curves, 'curves_0_marks')).toBe(17 * 2 + 16);
    expect(count(curves, 'curves_2_marks')).toBe(17 * 2 + 16);
    // AUC: validation only
    expect(count(curves, 'curves_1_marks')).toBe(17 + 16);
    expect(count(curves, 'bands_0_marks')).toBeGreaterThanOrEqual(17 * 2);
    expect(texts(curves, 'role-legend-label')).toEqual(['train', 'validation', 'single_task validation']);
  });

  test('expert utilisation: a panel per gated model and level, every expert named, titles saying whose gates they are', () => {
    const experts = svg['expert-utilisation.svg'];
    const gated = SIXTEEN.filter((m) => ['mmoe', 'ml_mmoe', 'cgc', 'ple'].includes(m.arch));
    const levels = gated.reduce((n, m) => n + (m.arch === 'ple' || m.arch === 'ml_mmoe' ? 2 : 1), 0);
    for (let i = 0; i < levels; i++) {
      // fixture: every gate sees shared_0, shared_1, vtr_0 and vcr_0; two task gates
      expect(count(experts, `cells_${i}_marks`)).toBe(2 * 4);
      expect(texts(experts, `weight_text_${i}_marks`)).toHaveLength(8);
    }
    expect(count(experts, `cells_${levels}_marks`)).toBe(0);
    expect(experts).toContain('>ple · level 1<');
    expect(experts).toContain('>gate of task<');
    expect(experts).toContain('>experts of level 0<');
    // no two expert names on an axis overlap
    const labels = svgElements(experts, 'role-axis-label').texts.filter((t) => /_\d$/.test(t.text));
    expect(labels.length).toBeGreaterThan(0);
    expect(overlappingPairs(labels.map((t, i) => ({ name: `${t.text}#${i}`, box: textBox(t) })))).toEqual([]);
  });
});

describe('a four-task study', () => {
  const run = fourTaskRun();
  let svg: Record<string, string> = {};
  beforeAll(async () => {
    svg = byFile(await renderCharts(run, summarize(run)));
  });

  test('its figures: a gain heat-map instead of the quadrant plot, curves and expert utilisation', () => {
    expect(Object.keys(svg)).toEqual(['gain-heatmap.svg', 'training-curves.svg', 'expert-utilisation.svg']);
  });

  test('the heat-map: a cell per model and task, coloured by the adjusted verdict, with the gain and its adjusted p', () => {
    const map = svg['gain-heatmap.svg'];
    expect(count(map, 'cells_marks')).toBe(3 * 4);
    const gains = texts(map, 'gains_marks');
    expect(gains).toHaveLength(12);
    expect(gains).toContain('-0.0100');
    expect(texts(map, 'p_values_marks').every((p) => /^adj\. p /.test(p))).toBe(true);
    expect(texts(map, 'role-legend-label')).toEqual(['firm gain', 'gain, within noise', 'firm loss']);
    expect(texts(map, 'role-axis-label')).toEqual(expect.arrayContaining(['vtr AUC', 'vcr MSE', 'shr AUC', 'cmr AUC', 'mmoe', 'cgc', 'ple']));
    // cgc's shr gain is within noise: light green; mmoe's shr loss is firm: red
    const fills = svgElements(map, 'cells_marks').marks.map((m) => /fill="([^"]+)"/.exec(m.attrs)?.[1]);
    expect(fills.filter((f) => f === '#c7e9c0')).toHaveLength(1);
    expect(fills.filter((f) => f === '#d73027')).toHaveLength(1);
  });

  test('curves: log loss and AUC of each binary task, MSE of the regression task', () => {
    const curves = svg['training-curves.svg'];
    const columns = FOUR_TASKS.flatMap((t) => (t.type === 'binary' ? [`${t.name} log loss`, `${t.name} AUC`] : [`${t.name} MSE`]));
    for (const title of columns) expect(curves).toContain(`>${title}<`);
    expect(count(curves, `curves_${columns.length - 1}_marks`)).toBe(4 + 3);
    expect(count(curves, `curves_${columns.length}_marks`)).toBe(0);
  });
});

describe('sweep studies', () => {
  test('one parameter: a panel per model and task, a line with its interval in each, the baseline dashed in the metric panels', async () => {
    const study = summarizeSweep(makeSweep({ param: 'data.synthetic.correlation', values: [0, 0.5, 1], metrics: byCorrelation }));
    const [data] = sweepFigures(study);
    const gain = await renderSvg(sweepGainSpec(data)!);
    expect(checkXml(gain).ok).toBe(true);
    for (const i of [0, 1]) {
      // mmoe and ple, each one line over three values with three bars
      expect(count(gain, `lines_${i}_marks`)).toBe(2);
      expect(count(gain, `bars_${i}_marks`)).toBe(2 * 3);
      expect(count(gain, `zero_${i}_marks`)).toBe(2);
    }
    expect(gain).toContain('>gain vtr (AUC)<');
    const metric = await renderSvg(sweepMetricSpec(data)!);
    expect(count(metric, 'lines_0_marks')).toBe(3);
    expect(count(metric, 'reference_0_marks')).toBe(2);
    expect(metric).toContain('>single_task<');
  });

  test('two parameters: a figure pair per parameter, the other parameter\'s values as lines of their own colour', async () => {
    const study = summarizeSweep(twoParameterSweep());
    const figures = sweepFigures(study);
    expect(figures.map((f) => f.param)).toEqual(['data.synthetic.correlation', 'tasks[1].weight']);
    expect(figures[0].groups).toEqual(['weight=1', 'weight=2']);
    expect(figures[1].groups).toEqual(['correlation=0', 'correlation=0.5', 'correlation=1']);
    const byCorr = await renderSvg(sweepGainSpec(figures[0])!);
    // per task: 2 models × 2 weights, each over the 3 correlations
    expect(count(byCorr, 'lines_0_marks')).toBe(4);
    expect(count(byCorr, 'bars_0_marks')).toBe(4 * 3);
    expect(texts(byCorr, 'role-legend-label')).toEqual(['weight=1', 'weight=2']);
    const byWeight = await renderSvg(sweepGainSpec(figures[1])!);
    expect(count(byWeight, 'lines_1_marks')).toBe(2 * 3);
    expect(byWeight).toContain('tasks[1].weight');
    expect(checkXml(await renderSvg(sweepMetricSpec(figures[1])!)).ok).toBe(true);
  });
});
