/**
 * AUC and mean squared error under row weights, for the test-set bootstrap:
 * a resample of the test rows is a weight per row (how often it was drawn),
 * and the same scores are scored under thousands of weightings, so the
 * sorting is done once (`rankScores`) and each weighting costs one pass.
 * With every weight 1 they equal `auc` and `mse` (ties by average rank).
 */

/** A binary task's rows in the task (mask ≠ 0), in ascending score order. */
export interface RankedScores {
  /** row index into the test set */
  rows: Int32Array;
  scores: Float64Array;
  /** 1 when the label is ≥ 0.5 */
  positive: Uint8Array;
}

export function rankScores(scores: ArrayLike<number>, labels: ArrayLike<number>, mask: ArrayLike<number>): RankedScores {
  const picked: number[] = [];
  for (let i = 0; i < scores.length; i++) if (mask[i] !== 0) picked.push(i);
  picked.sort((a, b) => scores[a] - scores[b] || a - b);
  const rows = Int32Array.from(picked);
  return {
    rows,
    scores: Float64Array.from(picked, (r) => scores[r]),
    positive: Uint8Array.from(picked, (r) => (labels[r] >= 0.5 ? 1 : 0)),
  };
}

/**
 * Σ over (positive, negative) pairs of w_pos·w_neg·[pos scores above neg,
 * ½ for a tie] / (W_pos·W_neg). NaN when a class has no weight.
 */
export function weightedAuc(r: RankedScores, w: ArrayLike<number>): number {
  const n = r.rows.length;
  let negBelow = 0;
  let wins = 0;
  let pos = 0;
  for (let i = 0; i < n; ) {
    const s = r.scores[i];
    let groupPos = 0;
    let groupNeg = 0;
    for (; i < n && r.scores[i] === s; i++) {
      const weight = w[r.rows[i]];
      if (r.positive[i]) groupPos += weight;
      else groupNeg += weight;
    }
    wins += groupPos * (negBelow + 0.5 * groupNeg);
    negBelow += groupNeg;
    pos += groupPos;
  }
  return pos > 0 && negBelow > 0 ? wins / (pos * negBelow) : NaN;
}

/** Σ w_r·v_r / Σ w_r over `rows`; NaN when they carry no weight. */
export function weightedMean(values: ArrayLike<number>, rows: Int32Array, w: ArrayLike<number>): number {
  let total = 0;
  let weight = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    total += w[r] * values[r];
    weight += w[r];
  }
  return weight > 0 ? total / weight : NaN;
}
