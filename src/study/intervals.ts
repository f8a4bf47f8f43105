import { studentTQuantile } from './t-quantile';
import type { Stat } from './types';

/** Two-sided 95% interval: the 0.975 quantile of t with n − 1 degrees of freedom. */
export const CONFIDENCE = 0.95;

/**
 * Mean, sample sd and the Student-t 95% interval of the mean of `values`
 * (one per seed). Non-finite values must be filtered out by the caller, which
 * knows why they are missing. One value: a mean, no sd and no interval.
 */
export function describe(values: readonly number[]): Stat {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, half_width: null, ci_low: null, ci_high: null };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n === 1) return { n, mean, sd: null, half_width: null, ci_low: null, ci_high: null };
  const ss = values.reduce((s, v) => s + (v - mean) * (v - mean), 0);
  const sd = Math.sqrt(ss / (n - 1));
  const halfWidth = studentTQuantile(1 - (1 - CONFIDENCE) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, half_width: halfWidth, ci_low: mean - halfWidth, ci_high: mean + halfWidth };
}

/** True when the interval lies strictly on one side of 0 (needs at least two seeds). */
export function excludesZero(stat: Stat): boolean {
  if (stat.ci_low === null || stat.ci_high === null) return false;
  return stat.ci_low > 0 || stat.ci_high < 0;
}
