import { splitSchema } from '../../src/config/schema';
import { DataError } from '../../src/data/errors';
import { splitRows } from '../../src/data/split';
import type { Dataset } from '../../src/data/types';

/** 10 rows on each of days 1..8, interleaved so day order differs from file order. */
function days(): Dataset {
  const day = new Int32Array(80);
  for (let i = 0; i < 80; i++) day[i] = 1 + ((i * 3) % 8);
  return { rows: 80, columns: { day }, metadata: {} };
}

describe('splitRows', () => {
  const ds = days();
  const day = ds.columns.day;
  const split = splitSchema.parse({ train_days: [1, 2, 3, 4, 5, 6, 7], test_days: [8], validation: { fraction: 0.3 } });

  test('test rows are exactly the test days; none reach train or validation', () => {
    const s = splitRows(ds, split, 1);
    expect(Array.from(s.test).every((i) => day[i] === 8)).toBe(true);
    expect(s.test.length).toBe(10);
    for (const i of [...s.train, ...s.validation]) expect(day[i]).not.toBe(8);
    const all = new Set([...s.train, ...s.validation, ...s.test]);
    expect(all.size).toBe(80); // disjoint and complete
  });

  test('validation is a seeded fraction of the last train day by default, in file order', () => {
    const a = splitRows(ds, split, 1);
    const b = splitRows(ds, split, 1);
    const c = splitRows(ds, split, 2);
    expect(a.validation.length).toBe(3);
    expect(Array.from(a.validation).every((i) => day[i] === 7)).toBe(true);
    expect(Array.from(a.validation)).toEqual(Array.from(b.validation));
    expect(Array.from(a.validation)).not.toEqual(Array.from(c.validation));
    expect(Array.from(a.train)).toEqual(Array.from(a.train).sort((x, y) => x - y));
    expect(a.train.length).toBe(67);
  });

  test('validation days can be named; rows of days in no list are unused', () => {
    const s = splitRows(ds, splitSchema.parse({ train_days: [2, 3], test_days: [5], validation: { days: [2, 3], fraction: 0.5 } }), 4);
    expect(s.validation.length).toBe(10);
    expect(s.train.length).toBe(10);
    expect(s.test.length).toBe(10);
  });

  test('no validation when none is configured', () => {
    const s = splitRows(ds, splitSchema.parse({ train_days: [1, 2], test_days: [3] }), 1);
    expect(s.validation.length).toBe(0);
    expect(s.train.length).toBe(20);
  });

  test.each([
    [{ train_days: [1, 2, 8], test_days: [8] }, /day 8 is both a train day and a test day/],
    [{ train_days: [1, 2], test_days: [8], validation: { days: [5], fraction: 0.1 } }, /validation.days: day 5 is not one of split.train_days/],
    [{ train_days: [1], test_days: [8], validation: { fraction: 1 } }, /no training rows are left/],
    [{ train_days: [1], test_days: [9] }, /no rows on the test days \(9\)/],
  ])('rejects %j', (raw, pattern) => {
    expect(() => splitRows(ds, splitSchema.parse(raw), 1)).toThrow(DataError);
    expect(() => splitRows(ds, splitSchema.parse(raw), 1)).toThrow(pattern);
  });
});
