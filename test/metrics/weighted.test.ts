import { auc } from '../../src/metrics/auc';
import { mse } from '../../src/metrics/mse';
import { rankScores, weightedAuc, weightedMean } from '../../src/metrics/weighted';

describe('weighted metrics for the test-set bootstrap', () => {
  const scores = Float32Array.from([0.1, 0.4, 0.35, 0.8, 0.4, 0.7, 0.2, 0.4]);
  const labels = Float32Array.from([0, 0, 1, 1, 1, 0, 0, 1]);
  const mask = Float32Array.from([1, 1, 1, 1, 1, 1, 0, 1]);

  test('with every weight 1 they equal auc and mse, ties included', () => {
    const ones = new Float64Array(scores.length).fill(1);
    expect(weightedAuc(rankScores(scores, labels, mask), ones)).toBeCloseTo(auc(scores, labels, mask), 14);
    const rows = Int32Array.from([0, 1, 2, 3, 4, 5, 7]);
    const sq = Float64Array.from(scores, (s, i) => (s - labels[i]) ** 2);
    expect(weightedMean(sq, rows, ones)).toBeCloseTo(mse(scores, labels, mask), 14);
  });

  test('a weight of 2 is the row drawn twice', () => {
    const w = Float64Array.from([2, 1, 0, 1, 3, 1, 1, 1]);
    const expanded: [number, number][] = [];
    scores.forEach((s, i) => {
      if (mask[i]) for (let c = 0; c < w[i]; c++) expanded.push([s, labels[i]]);
    });
    const exact = auc(expanded.map((e) => e[0]), expanded.map((e) => e[1]));
    expect(weightedAuc(rankScores(scores, labels, mask), w)).toBeCloseTo(exact, 14);
  });

  test('by hand: 2 positives, 2 negatives, one tie', () => {
    // pos {0.9, 0.5}, neg {0.5, 0.1}: pairs 0.9>0.5, 0.9>0.1, 0.5=0.5 (½), 0.5>0.1 → 3.5/4
    const r = rankScores([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0], [1, 1, 1, 1]);
    expect(weightedAuc(r, [1, 1, 1, 1])).toBeCloseTo(0.875, 15);
    // the tied negative counted 3 times: wins 1·(3+1) + 1·(½·3 + 1) = 6.5 over 2·4
    expect(weightedAuc(r, [1, 1, 3, 1])).toBeCloseTo(6.5 / 8, 15);
  });

  test('no weight on a class: NaN', () => {
    const r = rankScores([0.9, 0.1], [1, 0], [1, 1]);
    expect(weightedAuc(r, [1, 0])).toBeNaN();
    expect(weightedMean([1, 2], Int32Array.from([0, 1]), [0, 0])).toBeNaN();
  });
});
