import { layoutLabels, textWidth, TYPICAL_EM_PER_CHAR, type Box } from './label-layout';

/** The quadrant plot's geometry: axes fitted to the data around 0, quadrant regions and names, labels beside their points. */

/**
 * An axis domain holding every value and 0, padded by 8% of its span on each
 * side, so that the zero line is always inside and no data sit on the frame.
 */
export function fitDomain(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(0, ...finite);
  const hi = Math.max(0, ...finite);
  const span = hi - lo || 1e-6;
  return [lo - 0.08 * span, hi + 0.08 * span];
}

/** Data → pixels on a plot of `size` pixels (y grows downwards, as in SVG), and back. */
export interface PixelScale {
  toPx(v: number): number;
  fromPx(px: number): number;
}

export function pixelScale(domain: [number, number], size: number, flip: boolean): PixelScale {
  const [d0, d1] = domain;
  const frac = (v: number) => (v - d0) / (d1 - d0);
  return {
    toPx: (v) => (flip ? (1 - frac(v)) * size : frac(v) * size),
    fromPx: (px) => d0 + (flip ? 1 - px / size : px / size) * (d1 - d0),
  };
}

export interface QuadrantRegion {
  quadrant: 1 | 2 | 3 | 4;
  name: string;
  /** light fill of the region */
  tint: string;
  x: number;
  x2: number;
  y: number;
  y2: number;
}

const NAMES: Record<1 | 2 | 3 | 4, [string, string]> = {
  1: ['Q1 positive transfer', '#e3f2e5'],
  2: ['Q2 seesaw', '#fcf0de'],
  3: ['Q3 negative transfer', '#fbe3e4'],
  4: ['Q4 seesaw', '#fcf0de'],
};

/** The four regions the zero lines cut the domain into, in data coordinates. */
export function quadrantRegions(xd: [number, number], yd: [number, number]): QuadrantRegion[] {
  const region = (quadrant: 1 | 2 | 3 | 4, x: number, x2: number, y: number, y2: number): QuadrantRegion => ({ quadrant, name: NAMES[quadrant][0], tint: NAMES[quadrant][1], x, x2, y, y2 });
  return [region(1, 0, xd[1], 0, yd[1]), region(2, xd[0], 0, 0, yd[1]), region(3, xd[0], 0, yd[0], 0), region(4, 0, xd[1], yd[0], 0)];
}

export interface CornerName {
  name: string;
  /** data coordinates of the text's anchor */
  x: number;
  y: number;
  align: 'left' | 'right';
  baseline: 'top' | 'bottom';
  /** its box in pixels, for the label layout to avoid */
  box: Box;
}

const INSET = 4;

/** Each region's name in its outer corner of the plot, where it fits inside the region. */
export function cornerNames(regions: readonly QuadrantRegion[], sx: PixelScale, sy: PixelScale, width: number, height: number, fontSize: number): CornerName[] {
  const out: CornerName[] = [];
  for (const r of regions) {
    const w = textWidth(r.name, fontSize);
    const h = fontSize;
    const right = r.quadrant === 1 || r.quadrant === 4;
    const top = r.quadrant === 1 || r.quadrant === 2;
    const regionW = Math.abs(sx.toPx(r.x2) - sx.toPx(r.x));
    const regionH = Math.abs(sy.toPx(r.y2) - sy.toPx(r.y));
    if (regionW < w + 2 * INSET || regionH < h + 2 * INSET) continue;
    const px = right ? width - INSET : INSET;
    const py = top ? INSET : height - INSET;
    const box = { left: right ? px - w : px, right: right ? px : px + w, top: top ? py : py - h, bottom: top ? py + h : py };
    out.push({ name: r.name, x: sx.fromPx(px), y: sy.fromPx(py), align: right ? 'right' : 'left', baseline: top ? 'top' : 'bottom', box });
  }
  return out;
}

export interface ModelLabel {
  model: string;
  /** data coordinates of the text's centre */
  x: number;
  y: number;
  /** a box hugging the text, data coordinates (a pale background there keeps it readable over bars) */
  box: { x: number; x2: number; y: number; y2: number };
  /** a leader line from the point to the label, data coordinates; null when the label touches its point */
  leader: { x: number; y: number; x2: number; y2: number } | null;
}

/** Every model's name beside its point, none overlapping another or any point or corner name. */
export function modelLabels(
  points: readonly { model: string; x: number; y: number }[],
  sx: PixelScale,
  sy: PixelScale,
  o: { width: number; height: number; fontSize: number; pointRadius: number; corners: readonly CornerName[] },
): ModelLabel[] {
  const placed = layoutLabels(
    points.map((p) => ({ x: sx.toPx(p.x), y: sy.toPx(p.y), text: p.model })),
    { width: o.width, height: o.height, fontSize: o.fontSize, pointRadius: o.pointRadius, obstacles: o.corners.map((c) => c.box) },
  );
  return placed.map((l, i) => {
    const half = textWidth(l.text, o.fontSize, TYPICAL_EM_PER_CHAR) / 2 + 1;
    const leader = l.leader;
    return {
      model: points[i].model,
      x: sx.fromPx(l.cx),
      y: sy.fromPx(l.cy),
      box: { x: sx.fromPx(l.cx - half), x2: sx.fromPx(l.cx + half), y: sy.fromPx(l.cy + o.fontSize / 2 + 1), y2: sy.fromPx(l.cy - o.fontSize / 2 - 1) },
      leader: leader ? { x: sx.fromPx(leader.x1), y: sy.fromPx(leader.y1), x2: sx.fromPx(leader.x2), y2: sy.fromPx(leader.y2) } : null,
    };
  });
}
