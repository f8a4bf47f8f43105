import { lossWeight, taskWeights } from '../../src/train/weight-schedule';

test('ω_k(t) = ω_k,0 · γ_k^t with t the 0-based epoch', () => {
  expect([0, 1, 2, 3].map((t) => lossWeight(2, 0.5, t))).toEqual([2, 1, 0.5, 0.25]);
  expect(
    taskWeights(
      [
        { name: 'vtr', weight: 1, gamma: 1 },
        { name: 'vcr', weight: 3, gamma: 0.9 },
      ],
      2,
    ),
  ).toEqual({ vtr: 1, vcr: 3 * 0.81 });
});
