import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { UserError } from '../../src/errors';
import { installPlainMatMulGradient, restoreStockMatMulGradient } from '../../src/ops/matmul-gradient';
import { defaultBlasThreads, jobBlasThreads, loadNativeBlas, openblasCoretypeFor } from '../../src/ops/native-blas';
import {
  installNativeKernels,
  nativeKernelsInstalled,
  nativeKernelsUnavailableReason,
  planMatMul,
  uninstallNativeKernels,
} from '../../src/ops/native-kernels';
import { installSharedIdentity, restoreCopyingIdentity } from '../../src/ops/wasm-identity';
import { expectClose } from './expect-close';
import { INSTALLED, KERNEL_SOURCES, pinSource } from './kernel-sources';
import { UPDATE_FLOOR, smallPleTraining } from './small-ple';

/**
 * ple's kernels must give what tfjs's wasm kernels give. For each source
 * built here (the native addon, with OpenBLAS or ple's own sgemm; ple's
 * WebAssembly kernels), every case runs twice (tfjs's wasm kernels, then
 * ple's) and the results must agree within 1e-5 relative (max |Δ| ≤ 1e-5 ·
 * max |reference|, per tensor). Without either, installing reports null
 * with a reason and leaves a working wasm backend.
 */

beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterEach(() => {
  uninstallNativeKernels();
  installPlainMatMulGradient();
});


/** Runs f with tfjs's wasm kernels, then with ple's (the addon's or the WebAssembly ones, as pinned). */
function both<T>(f: () => T): { wasm: T; blas: T } {
  uninstallNativeKernels();
  const wasm = f();
  expect(installNativeKernels({ threads: 2 })).toMatch(/^(OpenBLAS sgemm \(2 threads|ple sgemm \(2 threads|ple WebAssembly kernels)/);
  const blas = f();
  uninstallNativeKernels();
  return { wasm, blas };
}

const rand = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);
const values = (ts: tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));
const smallPleSteps = () => smallPleTraining(() => tf.train.sgd(0.05));

describe('shared-buffer Identity (no addon needed, runs everywhere)', () => {
  afterEach(() => restoreCopyingIdentity());
  test('bit-identical training steps, no leaked tensors or buffers', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const tensors = tf.memory().numTensors;
    const ids = backend.numDataIds();
    const copying = smallPleSteps();
    expect(installSharedIdentity()).toBe(true);
    const shared = smallPleSteps();
    expect(shared).toEqual(copying);
    // a clone outlives its source and keeps its values
    const c = tf.tidy(() => tf.clone(tf.tensor1d([1, 2, 3])));
    expect(Array.from(c.dataSync())).toEqual([1, 2, 3]);
    c.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(ids);
  });
});

describe('planMatMul (pure shape logic, runs everywhere)', () => {
  test('plain, transposed and batched shapes', () => {
    expect(planMatMul([5, 3], [3, 4], false, false)).toMatchObject({ outShape: [5, 4], batch: 1, m: 5, n: 4, k: 3 });
    expect(planMatMul([3, 5], [4, 3], true, true)).toMatchObject({ outShape: [5, 4], m: 5, n: 4, k: 3 });
    expect(planMatMul([2, 6, 5, 3], [2, 6, 3, 4], false, false)).toMatchObject({ outShape: [2, 6, 5, 4], batch: 12, aStride: 15, bStride: 12 });
    // one side a single matrix: broadcast with stride 0
    expect(planMatMul([7, 5, 3], [3, 4], false, false)).toMatchObject({ outShape: [7, 5, 4], batch: 7, aStride: 15, bStride: 0 });
    expect(planMatMul([1, 5, 3], [7, 3, 4], false, false)).toMatchObject({ outShape: [7, 5, 4], batch: 7, aStride: 0, bStride: 12 });
    expect(planMatMul([5, 3], [1, 1, 3, 4], false, false)).toMatchObject({ outShape: [1, 1, 5, 4], batch: 1 });
  });
  test('cases left to the wasm kernel', () => {
    expect(planMatMul([2, 1, 5, 3], [1, 3, 3, 4], false, false)).toBeNull(); // two-sided broadcast
    expect(planMatMul([5, 3], [4, 4], false, false)).toBeNull(); // inner mismatch: tfjs's own error
  });
  test('OPENBLAS_CORETYPE only on AVX-512 CPUs', () => {
    expect(openblasCoretypeFor('fpu sse avx2 fma')).toBeUndefined();
    expect(openblasCoretypeFor('avx2 avx512f avx512dq avx512bw avx512vl')).toBe('SkylakeX');
  });
});

describe('BLAS threads (pure logic, runs everywhere)', () => {
  const saved = process.env.PLE_BLAS_THREADS;
  afterEach(() => {
    if (saved === undefined) delete process.env.PLE_BLAS_THREADS;
    else process.env.PLE_BLAS_THREADS = saved;
  });
  test('parallel jobs of ple run get 1 thread each; a lone job every core with ple sgemm, else 1; PLE_BLAS_THREADS overrides all', () => {
    delete process.env.PLE_BLAS_THREADS;
    expect(jobBlasThreads(2)).toBe(1);
    expect(jobBlasThreads(8)).toBe(1);
    // ple's sgemm gives the same bits with any thread count (test/ops/native-gemm.test.ts); OpenBLAS does not
    expect(jobBlasThreads(1)).toBe(loadNativeBlas()?.blas?.() === 'own' ? os.availableParallelism() : 1);
    expect(defaultBlasThreads()).toBe(os.availableParallelism());
    process.env.PLE_BLAS_THREADS = '3';
    expect(jobBlasThreads(1)).toBe(3);
    expect(jobBlasThreads(2)).toBe(3);
    expect(defaultBlasThreads()).toBe(3);
    process.env.PLE_BLAS_THREADS = 'two';
    expect(() => jobBlasThreads(2)).toThrow(UserError);
    expect(() => jobBlasThreads(2)).toThrow("PLE_BLAS_THREADS must be a positive integer, got 'two'");
  });
});

describe('without the addon', () => {
  /** installNativeKernels() of a fresh copy of the modules under these environment variables */
  function freshInstall(env: Record<string, string>, check: (fresh: typeof import('../../src/ops/native-kernels')) => void): void {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        check(require('../../src/ops/native-kernels') as typeof import('../../src/ops/native-kernels'));
      });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  if (KERNEL_SOURCES.includes('wasm')) {
    test('PLE_NATIVE=0 installs ple’s WebAssembly kernels', () => {
      freshInstall({ PLE_NATIVE: '0' }, (fresh) => {
        expect(fresh.installNativeKernels()).toMatch(INSTALLED.wasm);
        expect(fresh.installedKernels()?.blas?.()).toBe('wasm');
        fresh.uninstallNativeKernels();
      });
    });
  }

  test('with PLE_WASM_KERNELS=0 too, installNativeKernels() is null with both reasons, and the wasm backend still multiplies', () => {
    // whether or not the addon and the WebAssembly kernels are built here
    freshInstall({ PLE_NATIVE: '0', PLE_WASM_KERNELS: '0' }, (fresh) => {
      expect(fresh.installNativeKernels()).toBeNull();
      expect(fresh.nativeKernelsInstalled()).toBe(false);
      expect(fresh.nativeKernelsUnavailableReason()).toMatch(/disabled by PLE_NATIVE=0.*disabled by PLE_WASM_KERNELS=0/);
    });
    const y = tf.tidy(() => Array.from(tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]), false, true).dataSync()));
    expect(y).toEqual([17, 23, 39, 53]);
  });
});

if (KERNEL_SOURCES.length === 0) {
  test('neither the addon nor the WebAssembly kernels are built here, and it says why', () => {
    expect(installNativeKernels()).toBeNull();
    expect(nativeKernelsUnavailableReason()).toMatch(/not built|failed to load|disabled/);
  });
}

if (KERNEL_SOURCES.length > 0) describe.each(KERNEL_SOURCES)('with the %s kernels', (source) => {
  pinSource(source);
  const flags: [boolean, boolean][] = [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ];

  test.each(flags)('BatchMatMul transposeA=%s transposeB=%s: outputs and gradients, 2-D and batched', (ta, tb) => {
    const cases: [number[], number[]][] = [
      [ta ? [9, 17] : [17, 9], tb ? [6, 9] : [9, 6]], // 2-D
      [ta ? [3, 9, 17] : [3, 17, 9], tb ? [3, 6, 9] : [3, 9, 6]], // batched
      [ta ? [2, 3, 9, 17] : [2, 3, 17, 9], tb ? [6, 9] : [9, 6]], // rank 4 × one matrix (broadcast)
      [ta ? [1, 9, 17] : [1, 17, 9], tb ? [4, 6, 9] : [4, 9, 6]], // a single matrix × batch
      [ta ? [2, 17] : [17, 2], tb ? [13, 2] : [2, 13]], // inner dimension ≤ 4: C loops, not BLAS
      [ta ? [3, 4, 17] : [3, 17, 4], tb ? [3, 13, 4] : [3, 4, 13]],
      [ta ? [1, 17] : [17, 1], tb ? [13, 1] : [1, 13]],
    ];
    cases.forEach(([sa, sb], c) => {
      const run = () =>
        tf.tidy(() => {
          const a = rand(sa, 10 + c);
          const b = rand(sb, 20 + c);
          const y = tf.matMul(a, b, ta, tb);
          if (c === 2 || c === 3) return values([y]); // tfjs has no gradient for broadcast batch axes (on any backend)
          const r = rand(y.shape, 30 + c);
          const grads = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, w, ta, tb), r)))([a, b]);
          return values([y, ...grads]);
        });
      for (const stock of [false, true]) {
        if (stock) restoreStockMatMulGradient();
        else installPlainMatMulGradient();
        const { wasm, blas } = both(run);
        expectClose(blas, wasm, `case ${c} (${sa}×${sb}), ${stock ? 'stock' : 'plain-matmul'} gradient`);
      }
    });
  });

  const activations = ['linear', 'relu', 'sigmoid', 'relu6', 'elu', 'leakyrelu'] as const;
  /** activation(x) as the plain tfjs ops compute it */
  const plainActivation = (x: tf.Tensor, activation: (typeof activations)[number]): tf.Tensor =>
    activation === 'linear' ? x : activation === 'leakyrelu' ? tf.leakyRelu(x, 0.3) : tf[activation](x);

  /**
   * Reference: the plain ops (matMul, add, activation) on the wasm backend, not its _FusedMatMul,
   * which adds the bias to the wrong columns for batched inputs ([2, 3, 4]·[2, 4, 2] + [10, 20]
   * gives 20.6 where matMul + add gives 10.6; tfjs 4.22). Batched, so that case is covered.
   */
  test.each(flags)('_FusedMatMul transposeA=%s transposeB=%s: bias and every fusable activation, outputs and gradients', (ta, tb) => {
    for (const activation of activations) {
      for (const biasShape of [[6], [1], null]) {
        const run = (fused: boolean) =>
          tf.tidy(() => {
            const a = rand(ta ? [2, 9, 13] : [2, 13, 9], 1);
            const b = rand(tb ? [2, 6, 9] : [2, 9, 6], 2);
            const bias = biasShape === null ? undefined : rand(biasShape, 3);
            const r = rand([2, 13, 6], 4);
            const f = (x: tf.Tensor, w: tf.Tensor) =>
              fused
                ? tf.fused.matMul({ a: x, b: w, transposeA: ta, transposeB: tb, bias, activation, leakyreluAlpha: 0.3 })
                : plainActivation(bias ? tf.add(tf.matMul(x, w, ta, tb), bias) : tf.matMul(x, w, ta, tb), activation);
            const y = f(a, b);
            const grads = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(f(x, w), r)))([a, b]);
            return values([y, ...grads]);
          });
        uninstallNativeKernels();
        const reference = run(false);
        installNativeKernels();
        const blas = run(true);
        uninstallNativeKernels();
        expectClose(blas, reference, `${activation}, bias ${JSON.stringify(biasShape)}`);
      }
    }
  });

  test('Transpose: last-two-axes swaps (float32, int32) natively, other permutations through the wasm kernel', () => {
    const run = () =>
      tf.tidy(() => {
        const outs: tf.Tensor[] = [];
        for (const shape of [[37, 45], [3, 33, 70], [2, 2, 5, 1]]) {
          const r = shape.length;
          const perm = [...Array(r - 2).keys(), r - 1, r - 2];
          outs.push(tf.transpose(rand(shape, shape[0]), perm));
          outs.push(tf.cast(tf.transpose(tf.cast(tf.mul(rand(shape, 9), 1000), 'int32'), perm), 'float32'));
        }
        outs.push(tf.transpose(rand([3, 4, 5], 8), [2, 0, 1]));
        const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.transpose(x), rand([6, 7], 2))))(rand([7, 6], 3));
        return values([...outs, g]);
      });
    const { wasm, blas } = both(run);
    blas.forEach((t, i) => expect(t).toEqual(wasm[i])); // a copy: bit-identical
  });

  test('SplitV and Concat along every axis (float32, int32) and their gradients: bit-identical', () => {
    const run = () =>
      tf.tidy(() => {
        const outs: tf.Tensor[] = [];
        const x = rand([6, 12, 5], 1);
        for (const axis of [0, 1, 2, -1]) {
          const n = x.shape[axis < 0 ? 2 : axis];
          outs.push(...tf.split(x, [1, n - 3, 2], axis));
          outs.push(tf.concat([x, tf.mul(x, 2), tf.slice(x, 0, x.shape.map((d, i) => (i === (axis + 3) % 3 ? 1 : d)))], axis));
          outs.push(tf.cast(tf.concat(tf.split(tf.cast(tf.mul(x, 100), 'int32'), [2, n - 2], axis).reverse(), axis), 'float32'));
        }
        outs.push(tf.concat([tf.zeros([4, 0]), rand([4, 3], 2), rand([4, 2], 3)], 1)); // an empty part
        const w = rand([6, 12], 4);
        const g = tf.grad((y: tf.Tensor) => tf.sum(tf.mul(tf.concat(tf.split(y, 3, 1).map((p, i) => tf.mul(p, i + 1)), 0), rand([18, 4], 5))))(w);
        return values([...outs, g]);
      });
    const { wasm, blas } = both(run);
    blas.forEach((t, i) => expect(t).toEqual(wasm[i]));
  });

  test('GatherV2 (axis 0, float32 and int32 tables) and Unpack along every axis: bit-identical; bad ids raise', () => {
    const run = () =>
      tf.tidy(() => {
        const table = rand([50, 8], 1);
        const ids = tf.tensor2d([0, 49, 3, 3, 17, 8], [3, 2], 'int32');
        const outs: tf.Tensor[] = [tf.gather(table, ids), tf.gather(tf.cast(tf.mul(table, 9), 'int32'), tf.tensor1d([5, 1], 'int32'))];
        outs.push(tf.gather(rand([4, 6, 3], 2), tf.tensor1d([2, 0], 'int32'), 1)); // axis 1: the wasm kernel
        const x = rand([5, 4, 3], 3);
        for (const axis of [0, 1, 2]) outs.push(...tf.unstack(x, axis));
        outs.push(...tf.unstack(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 1));
        return values(outs);
      });
    const { wasm, blas } = both(run);
    blas.forEach((t, i) => expect(t).toEqual(wasm[i]));
    const bad = () => tf.tidy(() => tf.gather(rand([5, 2], 1), tf.tensor1d([1, 7], 'int32')).dataSync());
    uninstallNativeKernels();
    const before = tf.memory().numTensors;
    let wasmError = '';
    try {
      bad();
    } catch (e) {
      wasmError = (e as Error).message;
    }
    installNativeKernels();
    expect(bad).toThrow(wasmError || /index/);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('the models’ dense layer path (_FusedMatMul run directly, as src/ops/dense.ts does)', () => {
    const run = () =>
      tf.tidy(() => {
        const y = tf.engine().runKernel(
          '_FusedMatMul',
          { a: rand([1, 33, 16], 5), b: rand([1, 16, 24], 6), bias: rand([24], 7) },
          { transposeA: false, transposeB: false, activation: 'relu', leakyreluAlpha: 0 },
        ) as tf.Tensor;
        return values([y]);
      });
    const { wasm, blas } = both(run);
    expectClose(blas, wasm, 'runKernel _FusedMatMul');
  });

  test('a small PLE: loss gradients, then three training steps, match the wasm path', () => {
    const run = smallPleSteps;
    const { wasm, blas } = both(run);
    expectClose(blas, wasm, 'PLE losses and updates', UPDATE_FLOOR);
    // the same through tfjs's stock gradient, which sends transposed matmuls to BLAS
    restoreStockMatMulGradient();
    const stock = both(run);
    expectClose(stock.blas, wasm, 'PLE with the stock gradient', UPDATE_FLOOR);
  });

  test('no tensors or wasm buffers leak; uninstall restores the wasm kernels', () => {
    installNativeKernels();
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const before = tf.memory().numTensors;
    const ids = backend.numDataIds();
    tf.tidy(() => {
      const a = rand([4, 8, 5], 1);
      const b = rand([5, 3], 2);
      tf.matMul(a, b);
      tf.fused.matMul({ a: rand([8, 5], 3), b, bias: rand([3], 4), activation: 'relu' });
      tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.matMul(x, w, true, false)))([rand([5, 8], 5), rand([5, 2], 6)]);
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(backend.numDataIds()).toBe(ids);
    expect(nativeKernelsInstalled()).toBe(true);
    uninstallNativeKernels();
    expect(nativeKernelsInstalled()).toBe(false);
    expect(installNativeKernels()).not.toBeNull(); // reinstallable
  });
});
