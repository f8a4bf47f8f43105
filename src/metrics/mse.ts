import { selectMasked } from './mask';

/** Mean squared error over the rows whose mask is non-zero (float64 sums). NaN when no row is left. */
export function mse(preds: ArrayLike<number>, labels: ArrayLike<number>, mask?: ArrayLike<number>): number {
  const sel = selectMasked(preds, labels, mask);
  const n = sel.scores.length;
  if (n === 0) return NaN;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = sel.scores[i] - sel.labels[i];
    total += d * d;
  }
  return total / n;
}
