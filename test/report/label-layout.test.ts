import { layoutLabels, overlaps, textWidth, type Box, type PlacedLabel } from '../../src/report/label-layout';

const OPTIONS = { width: 520, height: 440, fontSize: 11, pointRadius: 6 };

function pairs(labels: readonly PlacedLabel[]): string[] {
  const out: string[] = [];
  labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => overlaps(a.box, b.box) && out.push(`${a.text} / ${b.text}`)));
  return out;
}

const inside = (b: Box) => b.left >= 0 && b.top >= 0 && b.right <= OPTIONS.width && b.bottom <= OPTIONS.height;

describe('label layout', () => {
  test('a lone point gets its label beside it, on the right, with no leader', () => {
    const [l] = layoutLabels([{ x: 100, y: 100, text: 'ple' }], OPTIONS);
    expect(l.leader).toBeNull();
    expect(l.box.left).toBeGreaterThanOrEqual(100 + OPTIONS.pointRadius);
    expect(l.box.left).toBeLessThan(100 + OPTIONS.pointRadius + 4);
    expect(l.cy).toBeCloseTo(100, 10);
    expect(l.box.right - l.box.left).toBeCloseTo(textWidth('ple', 11) + 4, 10);
  });

  test('twenty labels on one point: none overlap, none covers the point, each far one has a leader ending on its box', () => {
    const points = Array.from({ length: 20 }, (_, i) => ({ x: 260, y: 220, text: `model_${i}` }));
    const labels = layoutLabels(points, OPTIONS);
    expect(pairs(labels)).toEqual([]);
    const mark = { left: 254, top: 214, right: 266, bottom: 226 };
    for (const l of labels) {
      expect(inside(l.box)).toBe(true);
      expect(overlaps(l.box, mark)).toBe(false);
      if (!l.leader) continue;
      // the leader runs from the point's edge to the nearest point of the label's box
      expect(Math.hypot(l.leader.x1 - 260, l.leader.y1 - 220)).toBeCloseTo(OPTIONS.pointRadius, 6);
      expect(l.leader.x2).toBeGreaterThanOrEqual(l.box.left - 1e-9);
      expect(l.leader.x2).toBeLessThanOrEqual(l.box.right + 1e-9);
      expect(l.leader.y2).toBeGreaterThanOrEqual(l.box.top - 1e-9);
      expect(l.leader.y2).toBeLessThanOrEqual(l.box.bottom + 1e-9);
    }
    expect(labels.filter((l) => l.leader).length).toBeGreaterThan(10);
  });

  test('labels keep off other points and off obstacles, and stay inside the plot at its edges', () => {
    const corner = { left: 400, top: 0, right: 520, bottom: 20 };
    const points = [
      { x: 515, y: 5, text: 'top_right_corner' },
      { x: 5, y: 435, text: 'bottom_left' },
      { x: 200, y: 200, text: 'a' },
      { x: 216, y: 200, text: 'b' },
    ];
    const labels = layoutLabels(points, { ...OPTIONS, obstacles: [corner] });
    for (const l of labels) {
      expect(inside(l.box)).toBe(true);
      expect(overlaps(l.box, corner)).toBe(false);
      for (const p of points) expect(overlaps(l.box, { left: p.x - 6, top: p.y - 6, right: p.x + 6, bottom: p.y + 6 })).toBe(false);
    }
    expect(pairs(labels)).toEqual([]);
  });

  test('the same input gives the same layout', () => {
    const points = Array.from({ length: 12 }, (_, i) => ({ x: 200 + (i % 4) * 9, y: 200 + Math.floor(i / 4) * 7, text: `m${i}` }));
    expect(layoutLabels(points, OPTIONS)).toEqual(layoutLabels(points, OPTIONS));
  });

  test('more labels than the plot can hold still get a place each (the figure stays drawable)', () => {
    const points = Array.from({ length: 30 }, (_, i) => ({ x: 30, y: 20, text: `a_rather_long_model_name_${i}` }));
    const labels = layoutLabels(points, { ...OPTIONS, width: 120, height: 60 });
    expect(labels).toHaveLength(30);
    for (const l of labels) expect(Number.isFinite(l.cx) && Number.isFinite(l.cy)).toBe(true);
  });
});
