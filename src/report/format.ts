import type { Quadrant, Stat, StudyStatistics, StudyTask, TaskGain } from '../study/types';
import { andList } from '../study/verdicts';

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

/** gain mean ± the half-width of its interval; `*` when firm (adjusted p below alpha). */
export function gainText(g: TaskGain | undefined): string {
  if (!g || g.mean === null) return MISSING;
  const hw = g.half_width === null ? '' : ` ± ${num(g.half_width)}`;
  return `${signed(g.mean)}${hw}${g.firm ? ' *' : ''}`;
}

/** A p-value: 2 significant digits, `<0.0001` below that. */
export function pText(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return MISSING;
  if (p < 1e-4) return '<0.0001';
  return p >= 0.1 ? p.toFixed(2) : p.toPrecision(2);
}

/** A gain's p and adjusted p: "0.018 → 0.20" (the arrow reads "adjusted over the family to"). */
export function pAdjustedText(g: TaskGain | undefined): string {
  if (!g || g.p === null || g.p === undefined) return MISSING;
  return g.p_adjusted === null || g.p_adjusted === undefined || g.p_adjusted === g.p ? pText(g.p) : `${pText(g.p)} → ${pText(g.p_adjusted)}`;
}

/** A count in thousands or millions: 94.7k, 1.40M. */
export function countText(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return MISSING;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

export function quadrantText(q: Quadrant | null): string {
  if (!q) return MISSING;
  return `${q.label} [${q.certainty}]`;
}

/** Column heading of a task's metric: "vtr AUC". */
export function metricHeading(t: StudyTask): string {
  return `${t.name} ${t.metric.toUpperCase()}`;
}

const CORRECTION: Record<StudyStatistics['correction'], string> = { holm: 'Holm', bh: 'Benjamini–Hochberg', none: 'no correction' };

/** The p column's heading: "p → holm vtr". */
export function pHeading(task: StudyTask, statistics: StudyStatistics | undefined): string {
  return `p → ${statistics?.correction ?? 'holm'} ${task.name}`;
}

/** What intervals cover, for a figure's subtitle: "95% interval over model seeds and test rows". */
export function intervalText(statistics: StudyStatistics | undefined): string {
  if (!statistics) return '95% interval over seeds';
  return `${Math.round(statistics.confidence * 1000) / 10}% interval over ${andList(statistics.covers) || 'nothing'}`;
}

/** When a gain is firm, for a figure's legend: "Holm-adjusted p < 0.05". */
export function firmRule(statistics: StudyStatistics | undefined): string {
  if (!statistics) return 'its 95% interval excludes 0';
  if (statistics.correction === 'none') return `p < ${statistics.alpha}, uncorrected`;
  return `${statistics.correction === 'holm' ? 'Holm' : 'BH'}-adjusted p < ${statistics.alpha}`;
}

/**
 * What a table's cells mean, for the line under it. Summaries written
 * before verdicts were corrected have no statistics: their stars are
 * uncorrected 95% intervals over seeds, and the legend says so.
 */
export function legend(statistics: StudyStatistics | undefined, baseline = 'single_task'): string {
  const head =
    `metric: mean ± sd over ok seeds. params: trainable parameters; FLOPs: forward FLOPs per sample. gain: ${baseline === 'single_task' ? 'MTL gain' : 'gain'} against ${baseline}, ` +
    `paired by seed (AUC: model − ${baseline}; MSE: ${baseline} − model; positive = better)`;
  if (!statistics) return `${head}, mean ± 95% Student-t half-width over seeds; * = interval excludes 0 (uncorrected; a run from before corrected verdicts).`;
  const conf = `${Math.round(statistics.confidence * 1000) / 10}%`;
  const covers = statistics.covers.length > 0 ? statistics.covers.join(' + ') : 'nothing';
  const p = statistics.correction === 'none' ? 'p: two-sided, uncorrected' : `p → adjusted: two-sided p, then ${CORRECTION[statistics.correction]}-adjusted over the ${statistics.family_size} gains`;
  return (
    `${head}, mean ± half-width of a ${conf} interval (covers ${covers}). ${p}. ` +
    `* = firm: adjusted p < ${statistics.alpha}; a quadrant is firm only when every task's gain is.`
  );
}

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
