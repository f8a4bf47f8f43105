import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { allFiniteNative } from '../../src/ops/all-finite';
import { columnSums, reluGradAndBias } from '../../src/ops/dense-grad';
import { FusedAdam, fusedAdamAvailable } from '../../src/ops/fused-adam';
import { gateMix, gateMixOps } from '../../src/ops/gate-mix';
import { installPlainMatMulGradient } from '../../src/ops/matmul-gradient';
import { loadNativeBlas } from '../../src/ops/native-blas';
import { installNativeKernels, uninstallNativeKernels } from '../../src/ops/native-kernels';
import { installSharedIdentity, restoreCopyingIdentity } from '../../src/ops/wasm-identity';
import { makeOptimizer } from '../../src/train/optimizer';
import { expectClose } from './expect-close';
import { smallPleTraining } from './small-ple';

/**
 * ple's own kernels (Adam, ReLU and bias gradients, gate mixture, gradient check), which come with the
 * native addon: each must equal the tf ops it replaces — outputs and
 * gradients within 1e-5 relative, or bit for bit where the arithmetic is the
 * same — and leave no tensor or wasm buffer behind. Without the addon, the
 * same functions must take the tf ops.
 */

beforeAll(async () => {
  await tf.setBackend('wasm');
  installPlainMatMulGradient();
});
afterEach(() => {
  uninstallNativeKernels();
  restoreCopyingIdentity();
});

const native = loadNativeBlas() !== null;
const rand = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);
const values = (ts: tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));
const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));

/** Runs f on the tf ops, then with the native kernels installed. */
function both<T>(f: () => T): { ops: T; fused: T } {
  uninstallNativeKernels();
  const ops = f();
  expect(installNativeKernels({ threads: 1 })).toMatch(/fused Adam, dense gradients, gate mixture, loss and input/);
  const fused = f();
  uninstallNativeKernels();
  return { ops, fused };
}

/** Mixture values and the gradients of Σ mix·r with respect to w and every expert. */
function mixAndGrads(mix: typeof gateMix, experts: number, batch: number, units: number): number[][] {
  return tf.tidy(() => {
    const w = tf.softmax(rand([batch, experts], 1)) as tf.Tensor2D;
    const es = Array.from({ length: experts }, (_, i) => rand([batch, units], 10 + i) as tf.Tensor2D);
    const r = rand([batch, units], 99);
    const f = (...xs: tf.Tensor[]) => tf.sum(tf.mul(mix(xs[0] as tf.Tensor2D, xs.slice(1) as tf.Tensor2D[]), r));
    return values([mix(w, es), ...tf.grads(f)([w, ...es])]);
  });
}

if (native) describe('with the native addon', () => {
  test('ReLU and bias gradients: dy · step(y) bit for bit (signed zeros and NaN included), column sums to rounding', () => {
    const run = () =>
      tf.tidy(() => {
        const yv = Array.from(tf.relu(rand([37, 29], 1)).dataSync());
        const dyv = Array.from(rand([37, 29], 2).dataSync());
        // y = 0, -0, NaN against dy < 0, NaN, ±Inf, in the last row (the columns' tails included)
        [[0, -2], [-0, 3], [0, NaN], [1, NaN], [NaN, 4], [0, Infinity], [2, -Infinity]].forEach(([y, dy], i) => {
          yv[36 * 29 + 22 + i] = y;
          dyv[36 * 29 + 22 + i] = dy;
        });
        const [g, db] = reluGradAndBias(tf.tensor2d(dyv, [37, 29]), tf.tensor2d(yv, [37, 29]));
        const finite = rand([37, 29], 3) as tf.Tensor2D;
        return { bits: bits(g), sums: values([db.slice(0, 22), columnSums(finite), reluGradAndBias(finite, tf.relu(finite))[1]]) };
      });
    const { ops, fused } = both(run);
    expect(fused.bits).toEqual(ops.bits);
    expectClose(fused.sums, ops.sums, 'column sums');
  });

  test.each([
    [2, 64, 16],
    [3, 50, 13],
    [5, 7, 1],
  ])('gate mixture of %i experts, batch %i, %i units: values and gradients match the tf ops', (experts, batch, units) => {
    const { ops, fused } = both(() => mixAndGrads(gateMix, experts, batch, units));
    expectClose(fused, ops, `gate mixture ${experts}×${units}`);
    expect(ops).toEqual(mixAndGrads(gateMixOps, experts, batch, units)); // without the kernels, gateMix is the ops
  });

  test('Adam: three PLE steps match tf.train.adam on the same kernels; the choice follows the kernels', () => {
    installNativeKernels({ threads: 1 });
    expect(fusedAdamAvailable()).toBe(true);
    expect(makeOptimizer({ optimizer: 'adam', learning_rate: 0.01 }).constructor).toBe(FusedAdam); // tfjs's instanceof is duck-typed
    const stock = smallPleTraining(() => tf.train.adam(0.01));
    const fused = smallPleTraining(() => new FusedAdam(0.01));
    expectClose(fused, stock, 'PLE losses and Adam updates');
    uninstallNativeKernels();
    expect(fusedAdamAvailable()).toBe(false);
    expect(makeOptimizer({ optimizer: 'adam', learning_rate: 0.01 }).constructor).toBe(tf.AdamOptimizer);
  });

  test('Adam updates in place, but copies on write: a clone taken before the step keeps its values', () => {
    installNativeKernels({ threads: 1 });
    installSharedIdentity();
    const x = tf.variable(tf.tensor1d([1, 2, 3]), true, 'fused-adam-clone');
    const before = tf.clone(x); // shares x's buffer
    const opt = new FusedAdam(0.1);
    const g = tf.tensor1d([1, -1, 0]);
    const shared = x.dataId;
    opt.applyGradients({ 'fused-adam-clone': g });
    expect(Array.from(before.dataSync())).toEqual([1, 2, 3]);
    expect(x.dataId).not.toBe(shared);
    // step 1: m = 0.1g, v = 0.001g², x − 0.1·sign(g) where g ≠ 0
    expectClose([Array.from(x.dataSync())], [[0.9, 2.1, 3]], 'first Adam step');
    const own = x.dataId;
    opt.applyGradients({ 'fused-adam-clone': g });
    expect(x.dataId).toBe(own); // nothing else holds it now: in place
    expect(Array.from(before.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([x, before, g]);
    opt.dispose();
  });

  test('the gradient check finds NaN and ±Inf in any tensor, at any position', () => {
    installNativeKernels({ threads: 1 });
    const base = [rand([5, 7], 1), rand([19], 2), rand([3, 8], 3)];
    expect(allFiniteNative(base)).toBe(true);
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const [t, i] of [
        [0, 0],
        [1, 18], // the tail after the last 8 floats
        [2, 9],
      ]) {
        const values = Array.from(base[t].dataSync());
        values[i] = bad;
        const broken = base.map((x, j) => (j === t ? tf.tensor(values, x.shape) : x));
        expect(allFiniteNative(broken)).toBe(false);
        broken[t].dispose();
      }
    }
    expect(allFiniteNative([tf.tensor1d([], 'float32')])).toBe(true);
    uninstallNativeKernels();
    expect(allFiniteNative(base)).toBeUndefined(); // then train-step checks with tf ops
    tf.dispose(base);
  });

  test('no tensors or wasm buffers leak', () => {
    installNativeKernels({ threads: 1 });
    smallPleTraining(() => new FusedAdam(0.01), 1); // warm-up: lazily made tensors
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const tensors = tf.memory().numTensors;
    const ids = backend.numDataIds();
    smallPleTraining(() => new FusedAdam(0.01));
    mixAndGrads(gateMix, 3, 8, 4);
    tf.tidy(() => void reluGradAndBias(rand([4, 4], 1) as tf.Tensor2D, rand([4, 4], 2) as tf.Tensor2D));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(ids);
  });
});

describe('without the native kernels', () => {
  test('the same functions take the tf ops, and Adam is tfjs’s', () => {
    uninstallNativeKernels();
    expect(fusedAdamAvailable()).toBe(false);
    expect(makeOptimizer({ optimizer: 'adam', learning_rate: 0.01 }).constructor).toBe(tf.AdamOptimizer);
    expect(mixAndGrads(gateMix, 3, 6, 5)).toEqual(mixAndGrads(gateMixOps, 3, 6, 5));
    const [g, db] = reluGradAndBias(tf.tensor2d([5, 6, 7, 8], [2, 2]), tf.tensor2d([0, 1, -1, 2], [2, 2]));
    expect(Array.from(g.dataSync())).toEqual([0, 6, 0, 8]);
    expect(Array.from(db.dataSync())).toEqual([0, 14]);
  });
});
