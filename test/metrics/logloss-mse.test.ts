import { LOGLOSS_EPSILON, logloss } from '../../src/metrics/logloss';
import { mse } from '../../src/metrics/mse';

describe('logloss', () => {
  test('mean cross-entropy', () => {
    expect(logloss([0.9, 0.2], [1, 0])).toBeCloseTo((-Math.log(0.9) - Math.log(0.8)) / 2, 12);
  });
  test('mask leaves rows out', () => {
    expect(logloss([0.9, 0.2, 0.5], [1, 0, 1], [1, 1, 0])).toBeCloseTo((-Math.log(0.9) - Math.log(0.8)) / 2, 12);
  });
  test('clips probabilities so a confident miss stays finite', () => {
    expect(logloss([0], [1])).toBeCloseTo(-Math.log(LOGLOSS_EPSILON), 6);
    expect(logloss([1], [0])).toBeCloseTo(-Math.log(LOGLOSS_EPSILON), 3);
  });
  test('NaN with no rows', () => {
    expect(logloss([0.5], [1], [0])).toBeNaN();
  });
});

describe('mse', () => {
  test('masked mean squared error', () => {
    expect(mse([1, 2, 3], [1, 0, 0], [1, 1, 0])).toBe(2);
    expect(mse(Float32Array.from([0.5, 1.5]), Float32Array.from([0, 1]))).toBeCloseTo(0.25, 12);
  });
  test('NaN with no rows', () => {
    expect(mse([], [])).toBeNaN();
  });
});
