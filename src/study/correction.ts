/**
 * Multiple-testing corrections over one family of p-values (every
 * non-baseline model × task of a run or of one sweep point).
 *
 * - `holm`: Holm's step-down (1979); controls the family-wise error rate (the
 *   chance of any false "firm") under any dependence between the tests, which
 *   matters here: every gain of a seed is paired with the same baseline job.
 * - `bh`: Benjamini–Hochberg's step-up (1995); controls the false discovery
 *   rate (the expected share of false "firm"s among the firm ones), valid for
 *   positively dependent tests such as gains against one baseline.
 * - `none`: each p-value as it is (the uncorrected per-gain reading).
 */
export type Correction = 'holm' | 'bh' | 'none';

/**
 * Adjusted p-values in the input's order; a null (a gain with no test) stays
 * null and is not counted in the family. An adjusted p is compared with α
 * directly: firm ⇔ p_adjusted < α.
 */
export function adjustPValues(p: readonly (number | null)[], method: Correction): (number | null)[] {
  const present = p.flatMap((v, i) => (v === null ? [] : [{ v, i }]));
  for (const { v } of present) {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`p-values must lie in [0, 1], got ${v}`);
  }
  const out: (number | null)[] = p.map(() => null);
  if (method === 'none') {
    for (const { v, i } of present) out[i] = v;
    return out;
  }
  const m = present.length;
  const sorted = [...present].sort((a, b) => a.v - b.v || a.i - b.i);
  if (method === 'holm') {
    // p_(j) · (m − j + 1), made monotone from the smallest up
    let running = 0;
    sorted.forEach(({ v, i }, j) => {
      running = Math.max(running, Math.min(1, (m - j) * v));
      out[i] = running;
    });
  } else {
    // p_(j) · m / j, made monotone from the largest down
    let running = 1;
    for (let j = m - 1; j >= 0; j--) {
      const { v, i } = sorted[j];
      running = Math.min(running, (m * v) / (j + 1));
      out[i] = running;
    }
  }
  return out;
}
