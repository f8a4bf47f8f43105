import seedrandom from 'seedrandom';
import { auc } from '../../src/metrics/auc';

/** O(n²) reference: P(s+ > s−) + ½ P(s+ = s−). */
function bruteAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((sp, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((sn, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      wins += sp > sn ? 1 : sp === sn ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('auc', () => {
  const scores = [0.1, 0.4, 0.35, 0.8, 0.4];
  const labels = [0, 0, 1, 1, 1];

  test.each([
    ['ties count one half', scores, labels, undefined, 4.5 / 6],
    ['mask drops the tied negative', scores, labels, [1, 0, 1, 1, 1], 1],
    ['mask drops a positive', scores, labels, [1, 1, 1, 0, 1], 2.5 / 4],
    ['all scores tied', [0.3, 0.3, 0.3, 0.3], [0, 1, 0, 1], undefined, 0.5],
    ['perfectly wrong', [0.9, 0.8, 0.1], [0, 0, 1], undefined, 0],
  ])('%s', (_name, s, l, m, expected) => {
    expect(auc(Float32Array.from(s), Float32Array.from(l), m && Float32Array.from(m))).toBeCloseTo(expected, 12);
  });

  test('NaN when one class is absent (also after masking) or a score is NaN', () => {
    expect(auc([0.1, 0.2], [1, 1])).toBeNaN();
    expect(auc([0.1, 0.2], [0, 1], [1, 0])).toBeNaN();
    expect(auc([NaN, 0.2], [0, 1])).toBeNaN();
  });

  test('matches the O(n²) definition on random scores with many ties', () => {
    const rng = seedrandom('auc');
    const s = Array.from({ length: 400 }, () => Math.round(rng() * 20) / 20);
    const l = s.map((v) => (rng() < v ? 1 : 0));
    expect(auc(Float32Array.from(s), Float32Array.from(l))).toBeCloseTo(bruteAuc(s, l), 12);
  });

  test('rejects inputs of different lengths', () => {
    expect(() => auc([1, 2], [1])).toThrow(/differ in length/);
  });
});
