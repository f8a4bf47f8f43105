import { intervalTest, seedEstimate, withTestNoise, worldEstimate } from '../../src/study/estimate';

describe('estimates of a mean gain', () => {
  const gains = [0.002, 0.001, 0.003, -0.001, 0.002];

  test('over seeds: the paired t (values from scipy.stats)', () => {
    const e = seedEstimate(gains)!;
    expect(e.mean).toBeCloseTo(0.0014, 15);
    expect(e.se).toBeCloseTo(0.0006782329983125268, 15);
    expect(e.df).toBe(4);
    expect(e.covers).toEqual(['model seeds']);
    const t = intervalTest(e, 0.95);
    expect(t.p).toBeCloseTo(0.10793882229227654, 10);
    expect(t.half_width).toBeCloseTo(0.0018830766883484384, 12);
    expect(t.ci_low + t.ci_high).toBeCloseTo(2 * e.mean, 15);
  });

  test("adding the test set: se² = sd²/n + v on the seeds' df, so the interval only widens", () => {
    const seeds = seedEstimate(gains)!;
    const e = withTestNoise(seeds, 1e-6);
    expect(e.se).toBeCloseTo(0.0012083045973594571, 15);
    expect(e.df).toBe(4);
    expect(e.covers).toEqual(['model seeds', 'test rows']);
    const t = intervalTest(e, 0.95);
    // scipy: 2·t.sf(0.0014 / 0.0012083045973594571, 4), t.ppf(0.975, 4)·se
    expect(t.p).toBeCloseTo(0.3110607673343713, 8);
    expect(t.half_width).toBeCloseTo(0.0033547913849266554, 10);
    for (const v of [1e-9, 1e-7, 1e-5]) expect(intervalTest(withTestNoise(seeds, v), 0.95).half_width).toBeGreaterThan(intervalTest(seeds, 0.95).half_width);
  });

  test('a test-set variance of 0 leaves the seed interval as it was', () => {
    const seeds = seedEstimate(gains)!;
    expect(intervalTest(withTestNoise(seeds, 0), 0.95)).toEqual(intervalTest(seeds, 0.95));
  });

  test('over worlds: the t over world means, covering all three sources', () => {
    const e = worldEstimate([0.001, 0.003])!;
    expect(e.df).toBe(1);
    expect(e.covers).toEqual(['data seeds', 'model seeds', 'test rows']);
    // sd = √2·0.001, se = 0.001, t = 2 on 1 df: p = 1 − (2/π)·atan(2)
    expect(intervalTest(e, 0.95).p).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(2), 12);
  });

  test('fewer than two values: no estimate; identical ones: zero width', () => {
    expect(seedEstimate([0.1])).toBeNull();
    expect(worldEstimate([0.1])).toBeNull();
    expect(intervalTest(seedEstimate([0.1, 0.1])!, 0.95)).toEqual({ half_width: 0, ci_low: 0.1, ci_high: 0.1, p: 0 });
    expect(intervalTest(seedEstimate([0, 0])!, 0.95).p).toBe(1);
  });
});
