import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { allFiniteNative } from '../../src/ops/all-finite';
import { type DenseGradActivation, denseGrad } from '../../src/ops/dense-grad';
import { denseForward } from '../../src/ops/dense';
import { FusedAdam, fusedAdamAvailable } from '../../src/ops/fused-adam';
import { gateMix, gateMixOps } from '../../src/ops/gate-mix';
import { installPlainMatMulGradient } from '../../src/ops/matmul-gradient';
import { installNativeKernels, uninstallNativeKernels } from '../../src/ops/native-kernels';
import { installSharedIdentity, restoreCopyingIdentity } from '../../src/ops/wasm-identity';
import { makeOptimizer } from '../../src/train/optimizer';
import { expectClose } from './expect-close';
import { KERNEL_SOURCES, pinSource } from './kernel-sources';
import { smallPleTraining } from './small-ple';

/**
 * ple's own kernels (Adam, a dense layer's backward pass, gate mixture, gradient check), which come with the
 * native addon and with ple's WebAssembly kernels (each source built here runs them): each must equal the tf ops it replaces — outputs and
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

if (KERNEL_SOURCES.length > 0) describe.each(KERNEL_SOURCES)('with the %s kernels', (source) => {
  pinSource(source);
  /** y, dy [37, 29] (special values in the last row for ReLU), x [37, 11], w [11, 29] */
  function denseOperands(activation: DenseGradActivation) {
    const x = rand([37, 11], 4) as tf.Tensor2D;
    const w = rand([11, 29], 5) as tf.Tensor2D;
    const yv = Array.from(denseForward(x, w, tf.zeros([29]), activation).dataSync());
    const dyv = Array.from(rand([37, 29], 2).dataSync());
    // y = 0, -0, NaN against dy < 0, NaN, ±Inf, in the last row (the columns' tails included)
    if (activation === 'relu')
      [[0, -2], [-0, 3], [0, NaN], [1, NaN], [NaN, 4], [0, Infinity], [2, -Infinity]].forEach(([y, dy], i) => {
        yv[36 * 29 + 22 + i] = y;
        dyv[36 * 29 + 22 + i] = dy;
      });
    return { x, w, y: tf.tensor2d(yv, [37, 29]), dy: tf.tensor2d(dyv, [37, 29]) };
  }

  test.each(['relu', 'linear', 'sigmoid'] as const)(
    "a dense layer's backward pass in one kernel (%s): the bits of tfjs's activation gradient, then the native matmuls and a column sum",
    (activation) =>
      tf.tidy(() => {
        installNativeKernels({ threads: 1 });
        const { x, w, y, dy } = denseOperands(activation);
        const g = {
          relu: () => tf.mul(dy, tf.step(y)),
          linear: () => dy,
          sigmoid: () => tf.mul(dy, tf.mul(y, tf.sub(1, y))),
        }[activation]();
        const gv = g.dataSync();
        const sums = new Float32Array(29); // in row order, in float32, as the kernel adds them
        for (let i = 0; i < 37; i++) for (let j = 0; j < 29; j++) sums[j] = Math.fround(sums[j] + gv[i * 29 + j]);
        const [dx, dw, db] = denseGrad(dy, x, w, y, activation)!;
        expect(bits(dx)).toEqual(bits(tf.matMul(g, w, false, true)));
        expect(bits(dw)).toEqual(bits(tf.matMul(x, g, true, false)));
        expect(bits(db)).toEqual(bits(tf.tensor1d(sums)));
        if (activation === 'relu') expect(Array.from(dx.dataSync().slice(36 * 11)).every(Number.isNaN)).toBe(true); // NaN in dy's last row
      }),
  );

  test.each(['relu', 'linear', 'sigmoid'] as const)("a dense layer's gradients (%s) match the tf ops within rounding", (activation) => {
    const grads = () =>
      tf.tidy(() => {
        const x = rand([23, 11], 6) as tf.Tensor2D;
        const r = rand([23, 7], 7);
        const f = (...ts: tf.Tensor[]) =>
          tf.sum(tf.mul(denseForward(ts[0] as tf.Tensor2D, ts[1] as tf.Tensor2D, ts[2] as tf.Tensor1D, activation), r));
        return values(tf.grads(f)([x, rand([11, 7], 8), rand([7], 9)]));
      });
    const { ops, fused } = both(grads);
    expectClose(fused, ops, `dense ${activation}`);
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
    tf.tidy(() => {
      const [x, w, y, dy] = [rand([4, 3], 1), rand([3, 4], 2), rand([4, 4], 3), rand([4, 4], 4)] as tf.Tensor2D[];
      denseGrad(dy, x, w, y, 'relu');
    });
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
    const [x, w] = [tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([1, 0, 0, 1], [2, 2])];
    expect(denseGrad(tf.ones([2, 2]), x, w, x, 'relu')).toBeNull();
    // relu(x·I): y = x; Σ (y · [[5, 6], [7, 8]]) → dx = dy · step(y) · Iᵀ, db = its column sums
    const r = tf.tensor2d([5, 6, 7, 8], [2, 2]);
    const f = (...ts: tf.Tensor[]) => tf.sum(tf.mul(denseForward(ts[0] as tf.Tensor2D, w, ts[1] as tf.Tensor1D, 'relu'), r));
    const [dx, db] = tf.grads(f)([tf.tensor2d([-1, 2, 0, 4], [2, 2]), tf.zeros([2])]);
    expect(Array.from(dx.dataSync())).toEqual([0, 6, 0, 8]);
    expect(Array.from(db.dataSync())).toEqual([0, 14]);
  });
});
