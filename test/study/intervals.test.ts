import { describe as stat, excludesZero } from '../../src/study/intervals';

describe('intervals across seeds', () => {
  test('mean, sample sd and Student-t half-width', () => {
    const s = stat([1, 2, 3]);
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(2, 12);
    expect(s.sd).toBeCloseTo(1, 12);
    // t_{0.975, 2} = 4.302653
    expect(s.half_width).toBeCloseTo(4.302653 / Math.sqrt(3), 5);
    expect(s.ci_low! + s.ci_high!).toBeCloseTo(4, 12);
  });

  test('five seeds use df = 4', () => {
    const s = stat([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(s.sd).toBeCloseTo(Math.sqrt(0.025), 12);
    expect(s.half_width).toBeCloseTo((2.776445 * Math.sqrt(0.025)) / Math.sqrt(5), 5);
  });

  test('one seed: a mean, no sd, no interval; none: nothing', () => {
    expect(stat([0.7])).toEqual({ n: 1, mean: 0.7, sd: null, half_width: null, ci_low: null, ci_high: null });
    expect(stat([]).mean).toBeNull();
  });

  test('an interval excludes 0 only when strictly on one side', () => {
    expect(excludesZero(stat([1, 1.1, 0.9]))).toBe(true);
    expect(excludesZero(stat([-1, -1.1, -0.9]))).toBe(true);
    expect(excludesZero(stat([1, -1, 0.5]))).toBe(false);
    expect(excludesZero(stat([1]))).toBe(false);
    expect(excludesZero(stat([0, 0, 0]))).toBe(false);
  });
});
