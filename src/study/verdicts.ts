import { adjustPValues, type Correction } from './correction';
import { intervalTest, seedEstimate, withTestNoise, worldEstimate, type Estimate, type NoiseSource } from './estimate';
import { directionOf } from './quadrants';
import type { TaskGain } from './types';

/** One paired gain: a model against the baseline job of the same world and seed. */
export interface GainPair {
  world: number;
  seed: number;
  gain: number;
}

/**
 * The estimate in force for one gain. Over several worlds: the t over the
 * worlds' mean gains, which covers every source. In one world: the paired t
 * over seeds, with the test set's variance added when it is known.
 */
export function estimateGain(pairs: readonly GainPair[], testVariance: number | null): { estimate: Estimate | null; seedsOnly: Estimate | null } {
  const worlds = [...new Set(pairs.map((p) => p.world))];
  if (worlds.length >= 2) {
    const means = worlds.map((w) => mean(pairs.filter((p) => p.world === w).map((p) => p.gain)));
    return { estimate: worldEstimate(means), seedsOnly: null };
  }
  const seeds = seedEstimate(pairs.map((p) => p.gain));
  return { estimate: seeds && testVariance !== null ? withTestNoise(seeds, testVariance) : seeds, seedsOnly: seeds };
}

/** A gain's statistics before the family's correction (`p_adjusted` null, not firm yet). */
export function gainStat(pairs: readonly GainPair[], estimate: Estimate | null, seedsOnly: Estimate | null, confidence: number): TaskGain {
  const values = pairs.map((p) => p.gain);
  const n = values.length;
  const m = estimate?.mean ?? (n > 0 ? mean(values) : null);
  const sd = n >= 2 ? Math.sqrt(values.reduce((s, v) => s + (v - mean(values)) ** 2, 0) / (n - 1)) : null;
  const base = { n, mean: m, sd, direction: directionOf(m), p_adjusted: null, family_size: 0, firm: false };
  if (!estimate) {
    return { ...base, half_width: null, ci_low: null, ci_high: null, se: null, df: null, p: null, covers: [], seeds_only: null };
  }
  const test = intervalTest(estimate, confidence);
  const alongside = seedsOnly && estimate.covers.length > seedsOnly.covers.length ? intervalTest(seedsOnly, confidence) : null;
  return {
    ...base,
    ...test,
    se: estimate.se,
    df: estimate.df,
    covers: estimate.covers,
    seeds_only: alongside && { half_width: alongside.half_width, p: alongside.p },
  };
}

/**
 * Adjusts the p-values of one family (every non-baseline model × task of a
 * run or sweep point) together and marks a gain firm when its adjusted p is
 * below alpha. Gains without a p (one seed) stay out of the family, not firm.
 */
export function correctFamily(gains: readonly TaskGain[], correction: Correction, alpha: number): number {
  const adjusted = adjustPValues(gains.map((g) => g.p ?? null), correction);
  const size = adjusted.filter((p) => p !== null).length;
  gains.forEach((g, i) => {
    g.p_adjusted = adjusted[i];
    g.family_size = size;
    g.firm = adjusted[i] !== null && adjusted[i]! < alpha;
  });
  return size;
}

const CORRECTION_NAMES: Record<Correction, string> = { holm: 'Holm-adjusted', bh: 'Benjamini–Hochberg-adjusted', none: 'uncorrected' };

/** One sentence on what "firm" covers in this run, and what it does not. */
export function statement(args: { correction: Correction; alpha: number; familySize: number; covers: readonly NoiseSource[]; generated: boolean }): string {
  const { correction, alpha, familySize, covers, generated } = args;
  const confidence = `${round((1 - alpha) * 100)}%`;
  const family = correction === 'none' ? `each of the ${familySize} gains on its own (no correction for making ${familySize} comparisons)` : `${familySize} gains of this run together`;
  const missing: string[] = [];
  if (!covers.includes('test rows')) missing.push('the test set\'s sampling');
  if (!covers.includes('data seeds')) missing.push(generated ? 'world-to-world noise (one simulated world; --data-seeds adds more)' : 'the variation between data sets (one data set)');
  const covered = covers.length > 0 ? andList(covers) : 'nothing (one seed)';
  return (
    `"firm" means a ${CORRECTION_NAMES[correction]} p below ${alpha} over ${family}; ` +
    `each interval is a ${confidence} interval of one gain and covers ${covered}` +
    (missing.length > 0 ? `, not ${missing.join(' nor ')}.` : '.')
  );
}

/** "a", "a and b", "a, b and c" */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function round(x: number): string {
  return String(Math.round(x * 100) / 100);
}
