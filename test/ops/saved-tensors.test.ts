import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { directSavesInstalled, installDirectSaves, restoreKernelSaves } from '../../src/ops/saved-tensors';
import { installSharedIdentity, restoreCopyingIdentity } from '../../src/ops/wasm-identity';
import { smallPleTraining } from './small-ple';

/**
 * Tensors saved for the backward pass as shared references made without a
 * kernel (src/ops/saved-tensors.ts) must train exactly as tfjs's clones do,
 * leak nothing, and leave nested gradients to tfjs.
 */

beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterEach(() => {
  restoreKernelSaves();
  restoreCopyingIdentity();
});

const backend = () => tf.backend() as unknown as { numDataIds(): number };

test('bit-identical training steps, no leaked tensors or buffers', () => {
  const tensors = tf.memory().numTensors;
  const ids = backend().numDataIds();
  installSharedIdentity();
  const stock = smallPleTraining(() => tf.train.adam(0.01));
  expect(installDirectSaves()).toBe(true);
  expect(directSavesInstalled()).toBe(true);
  const direct = smallPleTraining(() => tf.train.adam(0.01));
  expect(direct).toEqual(stock);
  expect(tf.memory().numTensors).toBe(tensors);
  expect(backend().numDataIds()).toBe(ids);
});

test('a saved tensor outlives its source; a step runs no Identity kernel', async () => {
  expect(installDirectSaves()).toBe(true);
  const x = tf.variable(tf.tensor1d([1, -2, 3]));
  const profile = await tf.profile(() => {
    const { value, grads } = tf.variableGrads(() => {
      const y = tf.mul(x, tf.tensor1d([2, 2, 2])); // Multiply saves both inputs; its constant is gone after the forward pass
      return tf.sum(tf.square(y)) as tf.Scalar;
    }, [x]);
    expect(Array.from(grads[x.name].dataSync())).toEqual([8, -16, 24]); // d/dx Σ(2x)² = 8x
    tf.dispose([value, grads[x.name]]);
  });
  expect(profile.kernels.map((k) => k.name)).not.toContain('Identity');
  x.dispose();
});

test('nested gradients keep tfjs’s clone: d²/dx² x³ = 6x', () => {
  expect(installDirectSaves()).toBe(true);
  const tensors = tf.memory().numTensors;
  const second = tf.grad((x: tf.Tensor) => tf.grad((y: tf.Tensor) => tf.mul(tf.mul(y, y), y))(x));
  const x = tf.tensor1d([1, 2, -3]);
  const out = second(x);
  expect(Array.from(out.dataSync())).toEqual([6, 12, -18]);
  tf.dispose([x, out]);
  expect(tf.memory().numTensors).toBe(tensors);
});

test('only on the wasm backend', async () => {
  await tf.setBackend('cpu');
  try {
    expect(installDirectSaves()).toBe(false);
  } finally {
    await tf.setBackend('wasm');
  }
});
