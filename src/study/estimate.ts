import { twoSidedP } from './p-value';
import { studentTQuantile } from './t-quantile';

/** A source of noise an interval can cover. */
export type NoiseSource = 'model seeds' | 'test rows' | 'data seeds';

/**
 * A mean gain with its standard error, the degrees of freedom of its t
 * reference and the noise sources the standard error covers.
 */
export interface Estimate {
  mean: number;
  se: number;
  df: number;
  covers: NoiseSource[];
}

/** The interval and test an estimate gives at one confidence level. */
export interface IntervalTest {
  half_width: number;
  ci_low: number;
  ci_high: number;
  /** two-sided p of "no gain" (t = mean / se against t_df) */
  p: number;
}

/**
 * Paired gains over model seeds on one world and one test set: the mean, and
 * the Student-t standard error sd/√n with n − 1 degrees of freedom. Needs two
 * values at least (one seed says nothing about seed noise).
 */
export function seedEstimate(gains: readonly number[]): Estimate | null {
  const n = gains.length;
  if (n < 2) return null;
  const mean = gains.reduce((s, v) => s + v, 0) / n;
  const ss = gains.reduce((s, v) => s + (v - mean) * (v - mean), 0);
  return { mean, se: Math.sqrt(ss / (n - 1) / n), df: n - 1, covers: ['model seeds'] };
}

/**
 * Adds the test set's sampling variance to a seed estimate: se² = sd²/n +
 * v_test, keeping the seeds' n − 1 degrees of freedom. (Welch–Satterthwaite
 * would give more, (n − 1)·(se²/(sd²/n))², since the bootstrap's part is
 * estimated from thousands of rows; but with few seeds its larger df shrink
 * the t quantile faster than the added variance widens the interval, so
 * covering one more source of noise would make the interval narrower.
 * Keeping n − 1 is conservative and makes the interval widen with every
 * source it covers.)
 */
export function withTestNoise(seeds: Estimate, testVariance: number): Estimate {
  if (!(testVariance >= 0)) throw new RangeError(`test-set variance must be >= 0, got ${testVariance}`);
  return { mean: seeds.mean, se: Math.sqrt(seeds.se * seeds.se + testVariance), df: seeds.df, covers: [...seeds.covers, 'test rows'] };
}

/**
 * Gains paired within (world, seed) over several simulated worlds, each
 * with its own model seeds and test set: the t interval over the worlds'
 * mean gains (D − 1 degrees of freedom). Each world mean carries its
 * world's draw, its test set's sampling and its seeds' noise, so the
 * interval covers all three. Needs two worlds at least.
 */
export function worldEstimate(worldMeans: readonly number[]): Estimate | null {
  const e = seedEstimate(worldMeans);
  return e && { ...e, covers: ['data seeds', 'model seeds', 'test rows'] };
}

/**
 * The two-sided interval at `confidence` and the p-value of the estimate. A
 * standard error of 0 (every gain identical) gives a zero-width interval and
 * p = 0, or p = 1 when the mean is 0 too.
 */
export function intervalTest(e: Estimate, confidence: number): IntervalTest {
  if (e.se === 0) return { half_width: 0, ci_low: e.mean, ci_high: e.mean, p: e.mean === 0 ? 1 : 0 };
  // beyond a million degrees of freedom t is the normal to 7 digits, and the beta function loses them
  const df = e.df > 1e6 ? Infinity : e.df;
  const half = studentTQuantile(1 - (1 - confidence) / 2, df) * e.se;
  return { half_width: half, ci_low: e.mean - half, ci_high: e.mean + half, p: twoSidedP(e.mean / e.se, df) };
}
