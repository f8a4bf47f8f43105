import { splitSchema } from '../../src/config/schema';
import { DataError } from '../../src/data/errors';
import { splitRows } from '../../src/data/split';
import type { Dataset } from '../../src/data/types';

/** 100 rows: `part` holds train ×60, validation ×10, test ×30 (interleaved); `user` 20 users of 5 rows each. */
function rows(): Dataset {
  const names = ['train', 'validation', 'test'];
  const part = Int32Array.from({ length: 100 }, (_, i) => (i % 10 < 6 ? 0 : i % 10 === 6 ? 1 : 2));
  const user = Int32Array.from({ length: 100 }, (_, i) => (i * 7) % 20);
  return { rows: 100, columns: { part, user }, metadata: {}, dictionaries: { part: names, user: Array.from({ length: 20 }, (_, u) => `u${u}`) } };
}
const parse = (raw: unknown) => splitSchema.parse(raw);
const all = (s: { train: Int32Array; validation: Int32Array; test: Int32Array }) => [...s.train, ...s.validation, ...s.test];

describe('a split the data states (split.column)', () => {
  const ds = rows();
  test('each row goes where its value says, in file order', () => {
    const s = splitRows(ds, parse({ column: 'part' }), 1);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([60, 10, 30]);
    for (const i of s.test) expect(ds.columns.part[i]).toBe(2);
    for (const i of [...s.train, ...s.validation]) expect(ds.columns.part[i]).not.toBe(2);
    expect(new Set(all(s)).size).toBe(100);
    expect(Array.from(s.train)).toEqual(Array.from(s.train).sort((a, b) => a - b));
  });

  test('validation.fraction carves validation from the train rows, the same draw every time', () => {
    const noMarks: Dataset = { ...ds, columns: { ...ds.columns, part: ds.columns.part.map((p) => (p === 1 ? 0 : p)) } };
    const a = splitRows(noMarks, parse({ column: 'part', validation: { fraction: 0.25 } }), 1);
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([52, 18, 30]);
    for (const i of a.validation) expect(noMarks.columns.part[i]).toBe(0);
    expect(Array.from(splitRows(noMarks, parse({ column: 'part', validation: { fraction: 0.25 } }), 1).validation)).toEqual(Array.from(a.validation));
  });

  test.each([
    ['a value that is no part', (d: Dataset) => ({ ...d, dictionaries: { ...d.dictionaries, part: ['train', 'valid', 'test'] } }), { column: 'part' }, /column "part", row 7: "valid" is not train, validation or test \(split\.column\)/],
    ['validation rows and a validation fraction', (d: Dataset) => d, { column: 'part', validation: { fraction: 0.1 } }, /column "part" \(split\.column\) already marks 10 validation row\(s\)/],
    ['no test rows', (d: Dataset) => ({ ...d, dictionaries: { ...d.dictionaries, part: ['train', 'validation', 'train'] } }), { column: 'part' }, /split: no test rows/],
  ])('refuses %s', (_name, change, raw, pattern) => {
    expect(() => splitRows(change(ds), parse(raw), 1)).toThrow(DataError);
    expect(() => splitRows(change(ds), parse(raw), 1)).toThrow(pattern);
  });
});

describe('a seeded random split (split.random)', () => {
  const ds = rows();
  test('the fractions of the rows, disjoint and complete, fixed by the seed', () => {
    const raw = { random: { test: 0.2, seed: 4 }, validation: { fraction: 0.25 } };
    const a = splitRows(ds, parse(raw), 1);
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([60, 20, 20]);
    expect(new Set(all(a)).size).toBe(100);
    // the draw depends on split.random.seed, not on the seed the caller passes (data.seed)
    expect(Array.from(splitRows(ds, parse(raw), 99).test)).toEqual(Array.from(a.test));
    expect(Array.from(splitRows(ds, parse({ ...raw, random: { test: 0.2, seed: 5 } }), 1).test)).not.toEqual(Array.from(a.test));
  });

  test('grouped: every row of a user is in one part, and the fractions are of users', () => {
    const s = splitRows(ds, parse({ random: { test: 0.25, group: 'user' }, validation: { fraction: 0.2 } }), 1);
    const partOf = new Map<number, string>();
    for (const [name, list] of Object.entries(s)) {
      for (const i of list as Int32Array) {
        const user = ds.columns.user[i];
        expect(partOf.get(user) ?? name).toBe(name);
        partOf.set(user, name);
      }
    }
    expect([...partOf.values()].filter((p) => p === 'test')).toHaveLength(5);
    expect([...partOf.values()].filter((p) => p === 'validation')).toHaveLength(3);
    expect(s.test.length).toBe(25);
  });

  test('groups may be integer ids (generated data has no dictionaries)', () => {
    const plain: Dataset = { rows: 100, columns: { user: ds.columns.user }, metadata: {} };
    const s = splitRows(plain, parse({ random: { test: 0.5, group: 'user' } }), 1);
    const testUsers = new Set(Array.from(s.test, (i) => plain.columns.user[i]));
    for (const i of s.train) expect(testUsers.has(plain.columns.user[i])).toBe(false);
  });
});
