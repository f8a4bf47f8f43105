import { quadrantSpec } from '../../src/report/chart-quadrant';
import { renderSvg } from '../../src/report/charts';
import { FAMILIES, familyOf } from '../../src/report/model-family';
import { cornerNames, fitDomain, pixelScale, quadrantRegions } from '../../src/report/quadrant-layout';
import { summarize } from '../../src/study/summary';
import { SIXTEEN, sixteenModelRun } from './figure-fixtures';
import { boxesOverlap, overlappingPairs, svgElements, textBox } from './svg';
import { checkXml } from './xml';

describe('quadrant geometry', () => {
  test('the domain holds every value and 0, with 8% of the span on either side; it is not symmetric', () => {
    const [a, b] = fitDomain([0.001, 0.003]);
    expect(a).toBeCloseTo(-0.00024, 12);
    expect(b).toBeCloseTo(0.00324, 12);
    const [lo, hi] = fitDomain([-0.002, 0.0005]);
    expect(lo).toBeCloseTo(-0.0022, 12);
    expect(hi).toBeCloseTo(0.0007, 12);
    // all zero still gives an axis
    expect(fitDomain([0, 0])[1]).toBeGreaterThan(0);
  });

  test('pixels map both ways; y grows downwards', () => {
    const sy = pixelScale([-1, 3], 400, true);
    expect(sy.toPx(3)).toBe(0);
    expect(sy.toPx(-1)).toBe(400);
    expect(sy.fromPx(sy.toPx(0.7))).toBeCloseTo(0.7, 12);
  });

  test('four regions meet at 0; a name is left out where its region is too narrow for it', () => {
    const xd: [number, number] = [-0.0001, 0.01];
    const yd: [number, number] = [-0.001, 0.001];
    const regions = quadrantRegions(xd, yd);
    expect(regions.map((r) => [r.quadrant, r.x, r.x2, r.y, r.y2])).toEqual([
      [1, 0, 0.01, 0, 0.001],
      [2, -0.0001, 0, 0, 0.001],
      [3, -0.0001, 0, -0.001, 0],
      [4, 0, 0.01, -0.001, 0],
    ]);
    const names = cornerNames(regions, pixelScale(xd, 520, false), pixelScale(yd, 440, true), 520, 440, 11).map((c) => c.name);
    expect(names).toEqual(['Q1 positive transfer', 'Q4 seesaw']);
  });

  test('families: the paper\'s single-level and multi-level sharing, and the gated expert models; an unknown arch is "other"', () => {
    expect(['hard_sharing', 'asymmetric', 'customized'].map(familyOf)).toEqual(Array(3).fill('single-level sharing'));
    expect(['cross_stitch', 'sluice'].map(familyOf)).toEqual(Array(2).fill('multi-level sharing'));
    expect(['mmoe', 'ml_mmoe', 'cgc', 'ple'].map(familyOf)).toEqual(Array(4).fill('gated experts'));
    expect(familyOf('aitm')).toBe('other');
    expect(new Set(FAMILIES.map((f) => f.colour)).size).toBe(FAMILIES.length);
    expect(new Set(FAMILIES.map((f) => f.shape)).size).toBe(FAMILIES.length);
  });
});

describe('the quadrant figure of sixteen models', () => {
  const summary = summarize(sixteenModelRun());
  let svg = '';
  beforeAll(async () => {
    svg = await renderSvg(quadrantSpec(summary)!);
  });

  test('one mark, two error bars and one label per model; firm models filled', () => {
    expect(checkXml(svg)).toMatchObject({ ok: true, root: 'svg' });
    expect(svgElements(svg, 'points_marks').marks).toHaveLength(16);
    expect(svgElements(svg, 'bars_x_marks').marks).toHaveLength(16);
    expect(svgElements(svg, 'bars_y_marks').marks).toHaveLength(16);
    const firm = summary.models.filter((m) => m.quadrant?.firm);
    expect(firm.length).toBeGreaterThan(0);
    expect(firm.length).toBeLessThan(16);
    const filled = svgElements(svg, 'points_marks').marks.filter((m) => !/fill="white"/.test(m.attrs));
    expect(filled).toHaveLength(firm.length);
    // the legend's symbols are hollow: a family is not a verdict
    expect(svgElements(svg, 'role-legend-symbol').marks.every((m) => !/fill=/.test(m.attrs))).toBe(true);
    const labels = svgElements(svg, 'labels_marks').texts;
    expect(labels.map((t) => t.text).sort()).toEqual(SIXTEEN.map((m) => m.name).sort());
  });

  test('no two label boxes overlap, and no label covers a point', () => {
    const labels = svgElements(svg, 'labels_marks').texts.map((t) => ({ name: t.text, box: textBox(t) }));
    expect(overlappingPairs(labels)).toEqual([]);
    const points = svgElements(svg, 'points_marks').marks.map((m) => ({ left: m.x - 4, top: m.y - 4, right: m.x + 4, bottom: m.y + 4 }));
    for (const l of labels) expect(points.filter((p) => boxesOverlap(l.box, p))).toEqual([]);
    // labels also keep off the quadrant names
    const corners = [0, 1, 2, 3].flatMap((i) => svgElements(svg, `corner_name_${i}_marks`).texts).map((t) => ({ name: t.text, box: textBox(t) }));
    expect(corners.length).toBeGreaterThan(0);
    expect(overlappingPairs([...labels, ...corners])).toEqual([]);
  });

  test('a crowded label gets a leader line; bars within noise are dashed, firm ones solid', () => {
    expect(svgElements(svg, 'leaders_marks').marks.length).toBeGreaterThan(0);
    const dashes = svgElements(svg, 'bars_x_marks').marks.map((m) => /stroke-dasharray="([^"]+)"/.exec(m.attrs)?.[1]);
    const firmX = summary.models.filter((m) => !m.is_baseline && m.gains?.vtr.firm).length;
    expect(dashes.filter((d) => d === '1,0')).toHaveLength(firmX);
    expect(dashes.filter((d) => d === '4,3')).toHaveLength(16 - firmX);
  });

  test('colour and shape follow the family: three families, three colours in the legend', () => {
    const legend = svgElements(svg, 'role-legend-label').texts.map((t) => t.text);
    expect(legend).toEqual(['single-level sharing', 'multi-level sharing', 'gated experts']);
    const strokes = new Set(svgElements(svg, 'points_marks').marks.map((m) => /stroke="([^"]+)"/.exec(m.attrs)?.[1]));
    expect(strokes).toEqual(new Set(FAMILIES.slice(0, 3).map((f) => f.colour)));
  });

  test('the axes fit the data: the x axis is not symmetric about 0 and both zero lines are drawn', () => {
    const xs = summary.models.filter((m) => !m.is_baseline).flatMap((m) => [m.gains!.vtr.ci_low!, m.gains!.vtr.ci_high!]);
    expect(svgElements(svg, 'zero_x_marks').marks).toHaveLength(1);
    expect(svgElements(svg, 'zero_y_marks').marks).toHaveLength(1);
    const [lo, hi] = fitDomain(xs);
    expect(Math.abs(lo + hi)).toBeGreaterThan(0.1 * (hi - lo));
    expect(svgElements(svg, 'quadrants_marks').marks).toHaveLength(4);
  });
});
