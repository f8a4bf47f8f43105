import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {
  installPlainMatMulGradient,
  plainMatMulGradientInstalled,
  restoreStockMatMulGradient,
} from '../../src/ops/matmul-gradient';

beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterEach(() => restoreStockMatMulGradient());

/** Gradients of a small two-layer MLP's loss with every transpose combination, plus a batched matmul. */
function gradsOf(): number[][] {
  return tf.tidy(() => {
    const x = tf.randomNormal([16, 5], 0, 1, 'float32', 1);
    const w1 = tf.randomNormal([5, 7], 0, 1, 'float32', 2);
    const w2t = tf.randomNormal([3, 7], 0, 1, 'float32', 3);
    const a3 = tf.randomNormal([4, 6, 2], 0, 1, 'float32', 4);
    const b3 = tf.randomNormal([4, 3, 6], 0, 1, 'float32', 5);
    const f = (xx: tf.Tensor, k1: tf.Tensor, k2t: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Scalar => {
      const h = tf.relu(tf.matMul(xx as tf.Tensor2D, k1 as tf.Tensor2D)); // [16, 7]
      const y = tf.matMul(h, k2t as tf.Tensor2D, false, true); // [16, 3]
      const z = tf.matMul(tf.transpose(xx) as tf.Tensor2D, y, false, false); // [5, 3]
      const u = tf.matMul(k1 as tf.Tensor2D, tf.transpose(z), true, true); // [5, 7]ᵀ·([3, 5])ᵀ = [7, 3]
      const v = tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, true, true); // [4, 2, 3]
      return tf.addN([tf.sum(tf.square(z)), tf.sum(tf.sin(u)), tf.sum(tf.square(v))]) as tf.Scalar;
    };
    const { grads } = tf.valueAndGrads(f)([x, w1, w2t, a3, b3]);
    return grads.map((g) => Array.from(g.dataSync()));
  });
}

test('plain-matmul gradient equals the stock one within 1e-5 (relative)', () => {
  expect(plainMatMulGradientInstalled()).toBe(false);
  const stock = gradsOf();
  installPlainMatMulGradient();
  installPlainMatMulGradient(); // idempotent
  expect(plainMatMulGradientInstalled()).toBe(true);
  const plain = gradsOf();
  stock.forEach((g, i) => {
    const scale = Math.max(1, ...g.map(Math.abs));
    g.forEach((v, j) => expect(Math.abs(plain[i][j] - v) / scale).toBeLessThan(1e-5));
  });
});

test('restoring brings the stock gradient back', () => {
  installPlainMatMulGradient();
  restoreStockMatMulGradient();
  expect(plainMatMulGradientInstalled()).toBe(false);
});
