import { selectMasked } from './mask';

/**
 * Exact area under the ROC curve: the probability that a random positive
 * scores above a random negative, ties counted as one half (the Mann–Whitney
 * U statistic, i.e. ties get their average rank). O(n log n): the positives'
 * and the negatives' scores are sorted separately (native typed-array sort)
 * and merged.
 *
 * A label ≥ 0.5 is positive. Rows whose mask is 0 are left out.
 * Returns NaN when one class is absent (AUC is undefined) or a score is NaN.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>, mask?: ArrayLike<number>): number {
  const sel = selectMasked(scores, labels, mask);
  let nPos = 0;
  for (let i = 0; i < sel.labels.length; i++) {
    if (Number.isNaN(sel.scores[i])) return NaN;
    if (sel.labels[i] >= 0.5) nPos++;
  }
  const nNeg = sel.labels.length - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  for (let i = 0, p = 0, q = 0; i < sel.labels.length; i++) {
    if (sel.labels[i] >= 0.5) pos[p++] = sel.scores[i];
    else neg[q++] = sel.scores[i];
  }
  pos.sort();
  neg.sort();
  // For each run of equal positive scores: negatives strictly below count 1, equal ones 1/2.
  let wins = 0;
  let below = 0; // negatives < current score
  for (let i = 0; i < nPos; ) {
    const s = pos[i];
    let j = i;
    while (j < nPos && pos[j] === s) j++;
    while (below < nNeg && neg[below] < s) below++;
    let equal = 0;
    while (below + equal < nNeg && neg[below + equal] === s) equal++;
    wins += (j - i) * (below + equal / 2);
    i = j;
  }
  return wins / (nPos * nNeg);
}
