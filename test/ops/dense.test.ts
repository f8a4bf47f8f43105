import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { type DenseActivation, denseForward } from '../../src/ops/dense';
import { installNativeKernels, uninstallNativeKernels } from '../../src/ops/native-kernels';
import { KERNEL_SOURCES, pinSource } from './kernel-sources';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

function plainDense(x: tf.Tensor2D, k: tf.Tensor2D, b: tf.Tensor1D, activation: DenseActivation): tf.Tensor2D {
  const pre = tf.add(tf.matMul(x, k), b) as tf.Tensor2D;
  return activation === 'linear' ? pre : (tf[activation](pre) as tf.Tensor2D);
}

/** Output and gradients (x, kernel, bias) of Σ y·r for a fixed random r. */
function run(layer: typeof denseForward, activation: DenseActivation): number[][] {
  return tf.tidy(() => {
    const x = tf.randomNormal([32, 9], 0, 1, 'float32', 1) as tf.Tensor2D;
    const k = tf.randomNormal([9, 6], 0, 0.5, 'float32', 2) as tf.Tensor2D;
    const b = tf.randomNormal([6], 0, 0.5, 'float32', 3) as tf.Tensor1D;
    const r = tf.randomNormal([32, 6], 0, 1, 'float32', 4);
    const f = (xx: tf.Tensor, kk: tf.Tensor, bb: tf.Tensor) =>
      tf.sum(tf.mul(layer(xx as tf.Tensor2D, kk as tf.Tensor2D, bb as tf.Tensor1D, activation), r)) as tf.Scalar;
    const { grads } = tf.valueAndGrads(f)([x, k, b]);
    return [layer(x, k, b, activation), ...grads].map((t) => Array.from(t.dataSync()));
  });
}

test.each<DenseActivation>(['relu', 'linear', 'sigmoid', 'tanh'])('%s: same output and gradients as the plain ops', (activation) => {
  const ours = run(denseForward, activation);
  const plain = run(plainDense, activation);
  ours.forEach((t, i) => t.forEach((v, j) => expect(Math.abs(v - plain[i][j])).toBeLessThan(1e-5)));
});

test('no tensor leaks, with and without a tape', () => {
  const before = tf.memory().numTensors;
  run(denseForward, 'relu');
  tf.tidy(() => {
    denseForward(tf.ones([2, 3]), tf.ones([3, 4]), tf.zeros([4]), 'relu');
  });
  expect(tf.memory().numTensors).toBe(before);
});

if (KERNEL_SOURCES.length > 0) describe.each(KERNEL_SOURCES)('with the %s kernels installed', (source) => {
  pinSource(source);
  afterEach(async () => {
    uninstallNativeKernels();
    await tf.setBackend('wasm');
  });

  test.each(['wasm', 'cpu'])(
    'on %s: same output and gradients as the plain ops',
    async (backend) => {
      installNativeKernels({ threads: 1 });
      await tf.setBackend(backend);
      const ours = run(denseForward, 'relu');
      const plain = run(plainDense, 'relu');
      ours.forEach((t, i) => t.forEach((v, j) => expect(Math.abs(v - plain[i][j])).toBeLessThan(1e-5)));
    },
  );
});
