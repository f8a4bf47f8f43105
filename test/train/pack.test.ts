import { packSplit } from '../../src/train/pack';
import type { Dataset } from '../../src/data/types';
import { tinyConfig } from './fixtures';

const config = tinyConfig();
const dataset: Dataset = {
  rows: 4,
  metadata: {},
  columns: {
    day: Int32Array.from([1, 1, 2, 2]),
    c0: Int32Array.from([0, 1, 2, 3]),
    c1: Int32Array.from([4, 5, 6, 7]),
    c2: Int32Array.from([8, 9, 10, 11]),
    c3: Int32Array.from([1, 2, 3, 4]),
    x: Float32Array.from([0.5, 1.5, 2.5, 3.5]),
    click: Float32Array.from([1, 0, 1, 0]),
    watch: Float32Array.from([0.2, NaN, 0.9, 0.4]),
    watched: Float32Array.from([1, 0, 1, 0]),
  },
};
const indices = { train: Int32Array.from([1, 0]), validation: new Int32Array(0), test: Int32Array.from([2, 3]) };

test('rows are packed row-major, masked labels zeroed', () => {
  const split = packSplit(dataset, indices, config);
  expect(split.train.rows).toBe(2);
  expect(Array.from(split.train.categorical)).toEqual([1, 5, 9, 2, 0, 4, 8, 1]);
  expect(Array.from(split.train.numeric)).toEqual([1.5, 0.5]);
  expect(Array.from(split.train.labels)).toEqual([0, 0, 1, Math.fround(0.2)]);
  expect(Array.from(split.train.masks)).toEqual([1, 0, 1, 1]);
  expect(Array.from(split.test.labels)).toEqual([1, Math.fround(0.9), 0, 0]);
  expect(split.validation.rows).toBe(0);
});

test('can allocate on SharedArrayBuffer', () => {
  const split = packSplit(dataset, indices, config, { shared: true });
  expect(split.test.labels.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(split.test.categorical.buffer).toBeInstanceOf(SharedArrayBuffer);
});

test('a missing column is a clear error', () => {
  const { x: _x, ...rest } = dataset.columns;
  expect(() => packSplit({ ...dataset, columns: rest }, indices, config)).toThrow("data set has no column 'x'");
});

test('rows in no task are left out of every part', () => {
  const masked = { ...config, tasks: config.tasks.map((t) => ({ ...t, mask: 'watched' })) };
  const split = packSplit(dataset, { train: Int32Array.from([0, 1]), validation: new Int32Array(0), test: Int32Array.from([2, 3]) }, masked);
  expect(split.train.rows).toBe(1); // row 1 has watched = 0
  expect(Array.from(split.train.numeric)).toEqual([0.5]);
  expect(split.test.rows).toBe(1);
  expect(Array.from(split.test.masks)).toEqual([1, 1]);
});
