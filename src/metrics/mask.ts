/** Scores and labels of the rows whose mask is non-zero (all rows when there is no mask). */
export function selectMasked(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  mask?: ArrayLike<number>,
): { scores: Float64Array; labels: Float64Array } {
  if (scores.length !== labels.length || (mask !== undefined && mask.length !== scores.length)) {
    throw new Error(`metric inputs differ in length: scores ${scores.length}, labels ${labels.length}, mask ${mask?.length}`);
  }
  let n = scores.length;
  if (mask !== undefined) {
    n = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) n++;
  }
  const s = new Float64Array(n);
  const l = new Float64Array(n);
  for (let i = 0, j = 0; i < scores.length; i++) {
    if (mask !== undefined && mask[i] === 0) continue;
    s[j] = scores[i];
    l[j] = labels[i];
    j++;
  }
  return { scores: s, labels: l };
}
