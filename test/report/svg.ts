/**
 * Reading vega's SVG in tests: the texts and marks of a named layer with
 * their absolute positions (the sum of the enclosing groups' translations),
 * and an estimate of a text's box from its font size and length.
 */

export interface SvgText {
  text: string;
  x: number;
  y: number;
  fontSize: number;
  anchor: 'start' | 'middle' | 'end';
}

export interface SvgMark {
  tag: string;
  x: number;
  y: number;
  attrs: string;
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function translate(attrs: string): [number, number] {
  const m = /transform="translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(attrs);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&');
}

/**
 * Every element inside the groups whose class has `className` (e.g.
 * `labels_marks`, `role-axis-label`), at its absolute position; a path that
 * draws nothing (a series without a valid value) is left out.
 */
export function svgElements(svg: string, className: string): { marks: SvgMark[]; texts: SvgText[] } {
  const tokens = /<\/?([A-Za-z][\w:-]*)([^>]*?)(\/?)>|([^<]+)/g;
  const stack: { tag: string; dx: number; dy: number; inside: boolean }[] = [];
  const marks: SvgMark[] = [];
  const texts: SvgText[] = [];
  let open: { x: number; y: number; attrs: string } | null = null;
  for (const m of svg.matchAll(tokens)) {
    const [tok, tag, attrs = '', selfClose, body] = m;
    const parent = stack[stack.length - 1] ?? { dx: 0, dy: 0, inside: false };
    if (body !== undefined) {
      if (open) texts.push({ text: decode(body), x: open.x, y: open.y, ...textStyle(open.attrs) });
      continue;
    }
    if (tok.startsWith('</')) {
      stack.pop();
      if (tag === 'text') open = null;
      continue;
    }
    const [tx, ty] = translate(attrs);
    const x = parent.dx + tx;
    const y = parent.dy + ty;
    const inside = parent.inside || (tag === 'g' && new RegExp(`class="[^"]*\\b${className}\\b`).test(attrs));
    const drawn = tag !== 'path' || /\sd="[^"]+"/.test(attrs);
    if (inside && drawn && tag !== 'g' && tag !== 'text' && stack.every((s) => s.tag !== 'text')) marks.push({ tag, x, y, attrs });
    if (tag === 'text' && inside) open = { x, y, attrs };
    if (!selfClose) stack.push({ tag, dx: x, dy: y, inside });
  }
  return { marks, texts };
}

function textStyle(attrs: string): { fontSize: number; anchor: SvgText['anchor'] } {
  const size = /font-size="([\d.]+)px"/.exec(attrs);
  const anchor = /text-anchor="(start|middle|end)"/.exec(attrs);
  return { fontSize: size ? Number(size[1]) : 11, anchor: (anchor?.[1] as SvgText['anchor']) ?? 'start' };
}

/** A text's box: 0.6 em per character, from 0.8 em above the baseline to 0.2 em below. */
export function textBox(t: SvgText): Box {
  const w = [...t.text].length * 0.6 * t.fontSize;
  const left = t.anchor === 'start' ? t.x : t.anchor === 'middle' ? t.x - w / 2 : t.x - w;
  return { left, right: left + w, top: t.y - 0.8 * t.fontSize, bottom: t.y + 0.2 * t.fontSize };
}

export function boxesOverlap(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** Pairs of boxes that overlap, as "a / b" strings of their names (empty when none do). */
export function overlappingPairs(items: readonly { name: string; box: Box }[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) if (boxesOverlap(items[i].box, items[j].box)) out.push(`${items[i].name} / ${items[j].name}`);
  }
  return out;
}
