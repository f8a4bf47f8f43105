import * as tf from '@tensorflow/tfjs';
import { batchCount, disposeBatch, epochRng, gatherBatch, shuffledOrder, sliceBatch } from '../../src/train/batches';
import { tinyPacked } from './fixtures';
import { selectBackend } from '../../src/backend';

beforeAll(() => selectBackend('wasm'));

describe('shuffling', () => {
  test('a permutation, the same for the same seed and epoch', () => {
    const a = shuffledOrder(100, epochRng(1, 0));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(shuffledOrder(100, epochRng(1, 0))).toEqual(a);
    expect(shuffledOrder(100, epochRng(2, 0))).not.toEqual(a);
    expect(shuffledOrder(100, epochRng(1, 1))).not.toEqual(a);
  });

  test('batch count covers the rows', () => {
    expect([batchCount(1000, 128), batchCount(1024, 128), batchCount(0, 128)]).toEqual([8, 8, 0]);
  });
});

describe('batch tensors', () => {
  const data = tinyPacked(10, 1);

  test('gathered rows carry their ids, features, labels and masks', () => {
    const order = Int32Array.from([7, 2, 9]);
    const b = gatherBatch(data, order, 1, 3, 2); // rows 2 and 9
    expect(b.inputs.categorical.shape).toEqual([2, 4]);
    expect(Array.from(b.inputs.categorical.dataSync())).toEqual([...data.categorical.slice(8, 12), ...data.categorical.slice(36, 40)]);
    expect(Array.from(b.inputs.numeric.dataSync())).toEqual([data.numeric[2], data.numeric[9]]);
    expect(Array.from(b.labels[1].dataSync())).toEqual([data.labels[5], data.labels[19]]);
    expect(Array.from(b.masks[1].dataSync())).toEqual([data.masks[5], data.masks[19]]);
    disposeBatch(b);
  });

  test('slices equal gathers of the same rows, and leave no tensor behind', () => {
    const before = tf.memory().numTensors;
    const s = sliceBatch(data, 3, 8, 2);
    const g = gatherBatch(data, Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 3, 8, 2);
    expect(s.inputs.categorical.arraySync()).toEqual(g.inputs.categorical.arraySync());
    expect(s.labels[0].arraySync()).toEqual(g.labels[0].arraySync());
    disposeBatch(s);
    disposeBatch(g);
    expect(tf.memory().numTensors).toBe(before);
  });
});
