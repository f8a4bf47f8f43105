import { describe as stat, excludesZero } from '../../src/study/intervals';
import { classify, directionOf } from '../../src/study/quadrants';
import type { TaskGain } from '../../src/study/types';

function tg(values: number[]): TaskGain {
  const s = stat(values);
  return { ...s, direction: directionOf(s.mean), firm: excludesZero(s) };
}

const UP = [0.01, 0.011, 0.012];
const DOWN = [-0.002, -0.0021, -0.0022];
const NOISY_UP = [0.01, -0.005, 0.01];
const ZERO = [0, 0, 0];

describe('quadrants of two tasks (x = vtr, y = vcr)', () => {
  test.each([
    ['Q1', UP, UP, 1, 'positive transfer', [], 'firm', 'Q1 positive transfer'],
    ['Q2', DOWN, UP, 2, 'seesaw', ['vtr'], 'firm', 'Q2 seesaw (vtr lost)'],
    ['Q3', DOWN, DOWN, 3, 'negative transfer', ['vtr', 'vcr'], 'firm', 'Q3 negative transfer'],
    ['Q4', UP, DOWN, 4, 'seesaw', ['vcr'], 'firm', 'Q4 seesaw (vcr lost)'],
    ['noisy Q1', NOISY_UP, UP, 1, 'positive transfer', [], 'within noise', 'Q1 positive transfer'],
    ['noisy seesaw', UP, [0.001, -0.003, -0.001], 4, 'seesaw', ['vcr'], 'within noise', 'Q4 seesaw (vcr lost)'],
    ['on the y axis', UP, ZERO, null, 'positive transfer', [], 'within noise', 'on axis: positive transfer, vcr unchanged'],
    ['both zero', ZERO, ZERO, null, 'no change', [], 'within noise', 'no change (every gain exactly 0)'],
  ])('%s', (_, x, y, quadrant, kind, lost, certainty, label) => {
    const q = classify(['vtr', 'vcr'], { vtr: tg(x), vcr: tg(y) });
    expect(q.quadrant).toBe(quadrant);
    expect(q.kind).toBe(kind);
    expect(q.lost).toEqual(lost);
    expect(q.certainty).toBe(certainty);
    expect(q.firm).toBe(certainty === 'firm');
    expect(q.label).toBe(label);
  });

  test('one seed has no interval: never firm', () => {
    const q = classify(['vtr', 'vcr'], { vtr: tg([0.01]), vcr: tg([0.01]) });
    expect(q.quadrant).toBe(1);
    expect(q.certainty).toBe('single seed');
    expect(q.firm).toBe(false);
  });

  test('a task without usable seeds makes the placement unknown', () => {
    const q = classify(['vtr', 'vcr'], { vtr: tg(UP), vcr: tg([]) });
    expect(q.kind).toBe('unknown');
    expect(q.quadrant).toBeNull();
  });
});

describe('three or more tasks', () => {
  test('counts tasks up and down, firm and not', () => {
    const q = classify(['vtr', 'vcr', 'shr'], { vtr: tg(UP), vcr: tg(NOISY_UP), shr: tg(DOWN) });
    expect(q.quadrant).toBeNull();
    expect(q.kind).toBe('seesaw');
    expect(q.counts).toEqual({ up: 2, down: 1, flat: 0, firm_up: 1, firm_down: 1 });
    expect(q.label).toBe('seesaw (shr lost): 2 up (1 firm), 1 down (1 firm)');
    expect(q.certainty).toBe('within noise');
  });

  test('all up and firm', () => {
    const q = classify(['a', 'b', 'c'], { a: tg(UP), b: tg(UP), c: tg(UP) });
    expect(q.kind).toBe('positive transfer');
    expect(q.firm).toBe(true);
  });
});
