/**
 * Labels beside scatter points without overlap: a deterministic greedy
 * placement in pixel space (y down). Each label tries positions around its
 * point, nearest first, and takes the first whose box stays inside the plot
 * and clear of every placed label, every point, every obstacle and every
 * leader line; a label that lands away from its point gets a leader line.
 * Text widths are estimated (no font metrics in Node), generously, so that
 * the real glyphs fit inside the boxes.
 */

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface LabelPoint {
  x: number;
  y: number;
  text: string;
}

export interface PlacedLabel {
  text: string;
  /** the box reserved for the text */
  box: Box;
  /** where the text's centre goes (draw it centred, baseline middle) */
  cx: number;
  cy: number;
  /** from the point's edge to the box's nearest point; null when the label touches its point */
  leader: { x1: number; y1: number; x2: number; y2: number } | null;
}

export interface LayoutOptions {
  width: number;
  height: number;
  fontSize: number;
  /** half the size of a point's mark: no label covers any point */
  pointRadius: number;
  /** boxes no label may cover (e.g. the quadrant names) */
  obstacles?: readonly Box[];
}

/** Estimated advance per character, in em, for reserving space: above the average of common sans-serif faces. */
const EM_PER_CHAR = 0.66;
/** About the average advance per character of common sans-serif faces (DejaVu Sans, Helvetica), in em: for drawing a box that hugs a text. */
export const TYPICAL_EM_PER_CHAR = 0.58;
/** Clear space kept around every label box, in pixels. */
const PAD = 2;
/** Gaps between a point's edge and its label box to try, nearest first. */
const GAPS = [1, 6, 12, 20, 30, 42, 56, 72, 90, 110, 135, 165, 200, 240, 290, 350, 420, 500];
/** Directions to try at each gap: right, above, below and left first, then the diagonals and between. */
const ANGLES = [0, -90, 90, 180, -30, -150, 30, 150, -60, -120, 60, 120].map((d) => (d * Math.PI) / 180);

/** A text's estimated width in pixels at `fontSize` (generous by default). */
export function textWidth(text: string, fontSize: number, emPerChar = EM_PER_CHAR): number {
  return [...text].length * emPerChar * fontSize;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function grow(b: Box, by: number): Box {
  return { left: b.left - by, top: b.top - by, right: b.right + by, bottom: b.bottom + by };
}

/** Whether the segment crosses the box's interior (Liang–Barsky clipping). */
function segmentHitsBox(s: { x1: number; y1: number; x2: number; y2: number }, b: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  const edges: [number, number][] = [[-dx, s.x1 - b.left], [dx, b.right - s.x1], [-dy, s.y1 - b.top], [dy, b.bottom - s.y1]];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 >= t1) return false;
  }
  return true;
}

/** The box of a w × h label whose edge is `gap` beyond the point's edge in direction `angle`. */
function candidate(p: LabelPoint, w: number, h: number, gap: number, angle: number, radius: number): Box {
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  // distance from a box's centre to its edge along (dx, dy)
  const toEdge = Math.min(Math.abs(dx) > 1e-9 ? w / 2 / Math.abs(dx) : Infinity, Math.abs(dy) > 1e-9 ? h / 2 / Math.abs(dy) : Infinity);
  const d = radius + gap + toEdge;
  const cx = p.x + dx * d;
  const cy = p.y + dy * d;
  return { left: cx - w / 2, top: cy - h / 2, right: cx + w / 2, bottom: cy + h / 2 };
}

/** Points with the most neighbours go first: they have the fewest free places. */
function placementOrder(points: readonly LabelPoint[]): number[] {
  const near = points.map((p) => points.filter((q) => Math.hypot(p.x - q.x, p.y - q.y) < 60).length);
  return points.map((_, i) => i).sort((a, b) => near[b] - near[a] || a - b);
}

/**
 * One placed label per point, in the points' order. When a label finds no
 * free place anywhere (far more labels than the plot holds) it goes where it
 * covers the fewest other labels: the figure stays drawable.
 */
export function layoutLabels(points: readonly LabelPoint[], o: LayoutOptions): PlacedLabel[] {
  const h = o.fontSize + 2 * PAD;
  const r = o.pointRadius;
  const marks: Box[] = points.map((p) => ({ left: p.x - r, top: p.y - r, right: p.x + r, bottom: p.y + r }));
  const blocked: Box[] = [...marks, ...(o.obstacles ?? [])];
  const placed: PlacedLabel[] = [];
  const out: PlacedLabel[] = new Array(points.length);
  const inside = (b: Box) => b.left >= 0 && b.top >= 0 && b.right <= o.width && b.bottom <= o.height;
  for (const i of placementOrder(points)) {
    const p = points[i];
    const w = textWidth(p.text, o.fontSize) + 2 * PAD;
    const label = (box: Box, leader: PlacedLabel['leader']): PlacedLabel => ({ text: p.text, box, cx: (box.left + box.right) / 2, cy: (box.top + box.bottom) / 2, leader });
    let found: PlacedLabel | undefined;
    let fallback: { label: PlacedLabel; conflicts: number } | undefined;
    search: for (const gap of GAPS) {
      for (const angle of ANGLES) {
        const box = candidate(p, w, h, gap, angle, r);
        if (!inside(box)) continue;
        const leader = leaderTo(p, box, r);
        const conflicts = placed.filter((l) => overlaps(box, l.box)).length;
        if (!fallback || conflicts < fallback.conflicts) fallback = { label: label(box, leader), conflicts };
        if (conflicts > 0 || blocked.some((b) => overlaps(box, b))) continue;
        if (placed.some((l) => l.leader && segmentHitsBox(l.leader, box))) continue;
        // a leader crosses no other label and no other point
        if (leader && (placed.some((l) => segmentHitsBox(leader, grow(l.box, -0.5))) || marks.some((m, j) => j !== i && segmentHitsBox(leader, m)))) continue;
        found = label(box, leader);
        break search;
      }
    }
    const chosen = found ?? fallback?.label ?? label(candidate(p, w, h, GAPS[0], 0, r), null);
    placed.push(chosen);
    out[i] = chosen;
  }
  return out;
}

/** A leader from the point's edge to the box's nearest point, or null when the box touches the point. */
function leaderTo(p: LabelPoint, box: Box, radius: number): PlacedLabel['leader'] {
  const end = { x: Math.min(Math.max(p.x, box.left), box.right), y: Math.min(Math.max(p.y, box.top), box.bottom) };
  const dist = Math.hypot(end.x - p.x, end.y - p.y);
  if (dist <= radius + 4) return null;
  return { x1: p.x + ((end.x - p.x) / dist) * radius, y1: p.y + ((end.y - p.y) / dist) * radius, x2: end.x, y2: end.y };
}
