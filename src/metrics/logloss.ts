import { selectMasked } from './mask';

/** Probabilities are clipped to [ε, 1 − ε] so one confident miss gives a large but finite loss. */
export const LOGLOSS_EPSILON = 1e-7;

/**
 * Mean binary cross-entropy of probabilities against 0/1 labels, over the rows
 * whose mask is non-zero. NaN when no row is left.
 */
export function logloss(probs: ArrayLike<number>, labels: ArrayLike<number>, mask?: ArrayLike<number>): number {
  const sel = selectMasked(probs, labels, mask);
  const n = sel.scores.length;
  if (n === 0) return NaN;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(sel.scores[i], LOGLOSS_EPSILON), 1 - LOGLOSS_EPSILON);
    const y = sel.labels[i];
    total -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
  }
  return total / n;
}
