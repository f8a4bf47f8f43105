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
  /** 1 when the label is ≥ 0.5, else 0 */
  positive: Float64Array;
  /** [start, end) of every run of two or more equal scores, flattened: ties count ½ there */
  ties: Int32Array;
}

export function rankScores(scores: ArrayLike<number>, labels: ArrayLike<number>, mask: ArrayLike<number>): RankedScores {
  const picked: number[] = [];
  for (let i = 0; i < scores.length; i++) if (mask[i] !== 0) picked.push(i);
  picked.sort((a, b) => scores[a] - scores[b] || a - b);
  const ties: number[] = [];
  for (let i = 0; i < picked.length; ) {
    let j = i + 1;
    while (j < picked.length && scores[picked[j]] === scores[picked[i]]) j++;
    if (j - i > 1) ties.push(i, j);
    i = j;
  }
  return {
    rows: Int32Array.from(picked),
    positive: Float64Array.from(picked, (r) => (labels[r] >= 0.5 ? 1 : 0)),
    ties: Int32Array.from(ties),
  };
}

/**
 * Σ over (positive, negative) pairs of w_pos·w_neg·[pos scores above neg,
 * ½ for a tie] / (W_pos·W_neg). NaN when a class has no weight. One pass
 * in score order, branch-free between runs of tied scores (the bootstrap
 * runs it hundreds of thousands of times).
 */
export function weightedAuc(r: RankedScores, w: ArrayLike<number>): number {
  const { rows, positive, ties } = r;
  let negBelow = 0;
  let wins = 0;
  let pos = 0;
  let i = 0;
  for (let t = 0; t <= ties.length; t += 2) {
    const runStart = t < ties.length ? ties[t] : rows.length;
    for (; i < runStart; i++) {
      const weight = w[rows[i]];
      const pw = weight * positive[i];
      wins += pw * negBelow;
      negBelow += weight - pw;
      pos += pw;
    }
    if (t === ties.length) break;
    let groupPos = 0;
    let groupNeg = 0;
    for (; i < ties[t + 1]; i++) {
      const weight = w[rows[i]];
      groupPos += weight * positive[i];
      groupNeg += weight * (1 - positive[i]);
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
