import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { embeddingLookup } from '../../src/ops/embedding';

const tableValues = Array.from({ length: 6 * 3 }, (_, i) => Math.sin(i + 1));
const ids = [4, 1, 4, 0, 4, 1]; // duplicates: 4 three times, 1 twice
const upstream = Array.from({ length: ids.length * 3 }, (_, i) => Math.cos(i) * (i % 3 === 0 ? 2 : 1));

/** The gradient of Σ upstream ⊙ lookup(table, ids) w.r.t. table, using either lookup. */
function gradient(lookup: (t: tf.Tensor2D, i: tf.Tensor1D) => tf.Tensor2D): { value: number[]; grad: number[] } {
  return tf.tidy(() => {
    const table = tf.tensor2d(tableValues, [6, 3]);
    const i = tf.tensor1d(ids, 'int32');
    const dy = tf.tensor2d(upstream, [ids.length, 3]);
    const value = Array.from(lookup(table, i).dataSync());
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(lookup(t as tf.Tensor2D, i), dy)))(table);
    return { value, grad: Array.from(grad.dataSync()) };
  });
}

describe('embeddingLookup', () => {
  let reference: { value: number[]; grad: number[] };

  beforeAll(async () => {
    await tf.setBackend('cpu');
    reference = gradient((t, i) => tf.gather(t, i));
  });

  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  test.each(['cpu', 'wasm'])('equals the cpu backend tf.gather value and gradient on %s', async (backend) => {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const ours = gradient(embeddingLookup);
    ours.value.forEach((v, j) => expect(v).toBeCloseTo(reference.value[j], 6));
    ours.grad.forEach((g, j) => expect(Math.abs(g - reference.grad[j])).toBeLessThan(1e-6));
    expect(ours.grad.slice(4 * 3, 5 * 3).some((g) => g !== 0)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('rows that no id touches get a zero gradient', () => {
    expect(reference.grad.slice(2 * 3, 4 * 3)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
