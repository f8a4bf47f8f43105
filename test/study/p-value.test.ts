import { adjustPValues } from '../../src/study/correction';
import { twoSidedP } from '../../src/study/p-value';

describe('two-sided t p-values', () => {
  test.each([
    // t, df, P(|T| >= |t|) (scipy.stats: 2·t.sf(|t|, df))
    [2, 10, 0.07338803477074037],
    [3, 5, 0.030099247897462586],
    [-3, 5, 0.030099247897462586],
    [3.872983346207417, 3, 0.030466291662170977],
    [6, 3, 0.009272714892284666],
    [10, 19, 5.263026162335899e-9],
  ])('t = %p, df = %p: p = %p', (t, df, p) => {
    expect(twoSidedP(t, df) / p).toBeCloseTo(1, 9);
  });

  test('closed forms: Cauchy (df = 1) and df = 2', () => {
    for (const t of [0.3, 1, 4, 50]) {
      expect(twoSidedP(t, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(t), 12);
      expect(twoSidedP(t, 2)).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 12);
    }
  });

  test('the normal limit, relative precision kept in the tail', () => {
    expect(twoSidedP(1.959963984540054, Infinity)).toBeCloseTo(0.05, 7);
    // 2·Φ(−5) = 5.733031437583878e-7
    expect(twoSidedP(5, Infinity) / 5.733031437583878e-7).toBeCloseTo(1, 6);
  });

  test('t = 0 gives 1, an infinite t gives 0; no df is refused', () => {
    expect(twoSidedP(0, 4)).toBe(1);
    expect(twoSidedP(Infinity, 4)).toBe(0);
    expect(() => twoSidedP(1, 0)).toThrow(/df > 0/);
  });
});

describe('corrections over a family', () => {
  const p = [0.01, 0.04, 0.03, 0.005];

  test('Holm by hand: sorted p·(m − j + 1), monotone upwards', () => {
    // 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max so far 0.06
    expect(adjustPValues(p, 'holm')).toEqual([0.03, 0.06, 0.06, 0.02].map((v) => expect.closeTo(v, 12)));
  });

  test('Benjamini–Hochberg by hand: sorted p·m/j, monotone downwards', () => {
    // 0.005·4/1 = 0.02, 0.01·4/2 = 0.02, 0.03·4/3 = 0.04, 0.04·4/4 = 0.04
    expect(adjustPValues(p, 'bh')).toEqual([0.02, 0.04, 0.04, 0.02].map((v) => expect.closeTo(v, 12)));
  });

  test('none keeps them; nulls stay null and do not count in the family', () => {
    expect(adjustPValues([0.2, null, 0.01], 'none')).toEqual([0.2, null, 0.01]);
    // family of 2: Holm 0.01·2 = 0.02, then max(0.02, 0.2·1) = 0.2
    expect(adjustPValues([0.2, null, 0.01], 'holm')).toEqual([0.2, null, 0.02]);
  });

  test('adjusted values are capped at 1 and never below the raw p', () => {
    const raw = [0.5, 0.9, 0.7, 0.001, 0.3];
    for (const method of ['holm', 'bh'] as const) {
      adjustPValues(raw, method).forEach((a, i) => {
        expect(a!).toBeLessThanOrEqual(1);
        expect(a!).toBeGreaterThanOrEqual(raw[i]);
      });
    }
  });

  test('a p-value outside [0, 1] is a bug, not a verdict', () => {
    expect(() => adjustPValues([1.2], 'holm')).toThrow(/\[0, 1\]/);
  });
});
