import type { Quadrant, Stat, StudyTask, TaskGain } from '../study/types';

export const MISSING = '–';

/**
 * A metric or gain: 4 decimals (the paper's precision), switching to
 * e-notation below 1e-4 so that small MSE gains (the paper's +1.8e-5) do not
 * print as 0.0000.
 */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return MISSING;
  // below 1e-12 is rounding residue (e.g. the sd of identical gains)
  if (Math.abs(x) < 1e-12) return '0';
  // 9.5e-5 and up rounds to ±0.0001 at 4 decimals: print those fixed too
  return Math.abs(x) >= 9.5e-5 ? x.toFixed(4) : x.toExponential(1);
}

/** A gain with its sign: +0.0045, -0.0025, +1.8e-5. */
export function signed(x: number | null | undefined): string {
  const s = num(x);
  return x !== null && x !== undefined && x > 0 ? `+${s}` : s;
}

/** mean ± sd over seeds (just the mean with one seed). */
export function meanSd(stat: Stat | undefined): string {
  if (!stat || stat.mean === null) return MISSING;
  return stat.sd === null ? num(stat.mean) : `${num(stat.mean)} ± ${num(stat.sd)}`;
}

/** gain mean ± 95% CI half-width; `*` when the interval excludes 0. */
export function gainText(g: TaskGain | undefined): string {
  if (!g || g.mean === null) return MISSING;
  const hw = g.half_width === null ? '' : ` ± ${num(g.half_width)}`;
  return `${signed(g.mean)}${hw}${g.firm ? ' *' : ''}`;
}

export function quadrantText(q: Quadrant | null): string {
  if (!q) return MISSING;
  return `${q.label} [${q.certainty}]`;
}

/** Column heading of a task's metric: "vtr AUC". */
export function metricHeading(t: StudyTask): string {
  return `${t.name} ${t.metric.toUpperCase()}`;
}

export const LEGEND =
  'metric: mean ± sd over ok seeds. gain: MTL gain against single_task, paired by seed (AUC: model − single; MSE: single − model; positive = better), ' +
  'mean ± 95% Student-t half-width; * = interval excludes 0. A quadrant is firm only when every task\'s interval excludes 0.';

/** Up/down counts as the paper's Table 4: "2 up (2 firm) / 1 down (0 firm)"; `firm` false leaves the firm counts out (the paper's numbers carry no intervals). */
export function tallyText(q: Quadrant | null, firm = true): string {
  if (!q || q.kind === 'unknown') return MISSING;
  const c = q.counts;
  const flat = c.flat > 0 ? ` / ${c.flat} unchanged` : '';
  if (!firm) return `${c.up} up / ${c.down} down${flat}`;
  return `${c.up} up (${c.firm_up} firm) / ${c.down} down (${c.firm_down} firm)${flat}`;
}

/** The kind of transfer with the tasks that lost: "seesaw (shr lost)". */
export function transferText(q: Quadrant | null): string {
  if (!q) return MISSING;
  return q.kind === 'seesaw' ? `seesaw (${q.lost.join(', ')} lost)` : q.kind;
}
