import { lnGamma, normalQuantile, regularizedBeta, studentTCdf, studentTQuantile } from '../../src/study/t-quantile';

describe('Student t quantile', () => {
  test.each([
    [1, 12.706],
    [2, 4.303],
    [3, 3.182],
    [4, 2.776],
    [9, 2.262],
    [30, 2.042],
    [120, 1.98],
    [Infinity, 1.96],
  ])('t_{0.975, %p} = %p (printed tables, 3 decimals)', (df, expected) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(expected, 3);
  });

  test.each([
    [0.95, 5, 2.015],
    [0.995, 10, 3.169],
    [0.9, 20, 1.325],
  ])('t_{%p, %p} = %p', (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 3);
  });

  test('matches the closed forms for df = 1 (Cauchy) and df = 2', () => {
    for (const p of [0.6, 0.9, 0.975, 0.999]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 8);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 8);
    }
  });

  test('is symmetric and the CDF inverts it', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 10);
    expect(studentTCdf(studentTQuantile(0.975, 7), 7)).toBeCloseTo(0.975, 10);
    expect(studentTCdf(0, 3)).toBeCloseTo(0.5, 12);
  });

  test('rejects p outside (0, 1) and df <= 0', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(/p must be/);
    expect(() => studentTQuantile(0.9, 0)).toThrow(/df must be/);
  });

  test('helpers: ln Γ, I_x(a, b), normal quantile', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10);
    // I_x(1, 1) = x; I_x(a, b) = 1 − I_{1−x}(b, a)
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedBeta(0.3, 2.5, 4)).toBeCloseTo(1 - regularizedBeta(0.7, 4, 2.5), 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });
});
