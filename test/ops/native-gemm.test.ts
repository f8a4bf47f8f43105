import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { type NativeBlas, loadNativeBlas, nativeBlasUnavailableReason } from '../../src/ops/native-blas';
import { installNativeKernels, installedKernels, uninstallNativeKernels } from '../../src/ops/native-kernels';
import { pinKernelSource } from '../../src/ops/kernel-source';
import { type WasmBackend, heapOf, offsetOf } from '../../src/ops/wasm-heap';
import { KERNEL_SOURCES } from './kernel-sources';

/**
 * The `gemm` of the addon, whichever BLAS it was built with (OpenBLAS, or
 * ple's own sgemm, src/native/sgemm.c), and of ple's WebAssembly kernels
 * (src/wasm/assembly/gemm.ts), against a plain double-precision
 * product: every transpose flag; sizes from 1 past several of ple sgemm's
 * 6×16 tiles, 144-row blocks and 256-deep k blocks, odd and prime ones
 * included; batches with strides and broadcasts; the bias and ReLU epilogue.
 * Each element within 1e-6·√k·|op(A)ᵢ|·|op(B)ⱼ| (float32 rounding of a
 * k-term sum; a single lost term is ~1/k of it), and nothing written outside C.
 */

/** Deterministic values in [-1, 1) (xorshift32: plain bit operations, as fast under jest as in Node). */
function filled(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed | 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (s >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

interface Case {
  m: number;
  n: number;
  k: number;
  ta: boolean;
  tb: boolean;
  batch?: number;
  /** A's and B's batch strides in matrices: 1 = one matrix per item, 0 = broadcast */
  aEach?: 0 | 1;
  bEach?: 0 | 1;
  bias?: 'columns' | 'scalar';
  relu?: boolean;
}

const SENTINEL = 12345.5;

/** |x|: with Math.abs the reference loop ran ~30× slower under jest than in plain Node. */
const abs = (x: number) => (x < 0 ? -x : x);

/** The Euclidean norm of `len` heap values from `at`, `step` apart. */
function norm(heap: Float32Array, at: number, step: number, len: number): number {
  let sum = 0;
  for (let p = 0; p < len; p++, at += step) sum += heap[at] * heap[at];
  return Math.sqrt(sum);
}

/** A heap for `floats` floats from `base`: a fresh array for the addon; for the WebAssembly kernels, a tensor's place in tfjs's wasm memory. */
type Heaps = (floats: number) => { heap: Float32Array; base: number; after: () => Float32Array };
const ownArrays: Heaps = (floats) => {
  const heap = new Float32Array(floats);
  return { heap, base: 0, after: () => heap };
};
let heaps: Heaps = ownArrays;

/** One case through `blas` on a fresh heap (odd offsets: unaligned operands): the heap and where its parts are. */
function runCase(blas: NativeBlas, c: Case) {
  const { m, n, k, ta, tb, batch = 1, aEach = 1, bEach = 1 } = c;
  const aLen = (aEach ? batch : 1) * m * k;
  const bLen = (bEach ? batch : 1) * k * n;
  const biasLen = c.bias === 'columns' ? n : c.bias === 'scalar' ? 1 : 0;
  const place = heaps(3 + aLen + 1 + bLen + 5 + biasLen + 7 + batch * m * n + 9);
  const { base } = place;
  let heap = place.heap;
  const aOff = base + 3;
  const bOff = aOff + aLen + 1;
  const biasOff = bOff + bLen + 5;
  const cOff = biasOff + biasLen + 7;
  heap.set(filled(aLen, 1 + m), aOff);
  heap.set(filled(bLen, 2 + n), bOff);
  heap.set(filled(biasLen, 3), biasOff);
  heap.fill(SENTINEL, cOff - 7, cOff + batch * m * n + 9);
  const [aStride, bStride] = [aEach * m * k, bEach * k * n];
  const act = c.relu ? 1 : 0;
  blas.gemm(heap, batch, m, n, k, ta ? 1 : 0, tb ? 1 : 0, aOff, aStride, bOff, bStride, cOff, biasLen ? biasOff : -1, biasLen, act, 0);
  heap = place.after(); // the memory may have grown (the WebAssembly kernels' scratch)
  return { heap, aOff, bOff, biasOff, biasLen, cOff };
}

/** Runs one case and checks it against a double-precision product. */
function check(blas: NativeBlas, c: Case): void {
  const { m, n, k, ta, tb, batch = 1, aEach = 1 } = c;
  const bEach = c.bEach ?? 1;
  const { heap, aOff, bOff, biasOff, biasLen, cOff } = runCase(blas, c);
  const what = JSON.stringify(c);
  const outside = [...heap.subarray(cOff - 7, cOff), ...heap.subarray(cOff + batch * m * n, cOff + batch * m * n + 9)];
  if (outside.some((x) => x !== SENTINEL)) throw new Error(`${what}: written outside C`);
  const tolerance = 1e-6 * Math.sqrt(k);
  const aStep = ta ? m : 1;
  const bStep = tb ? 1 : n;
  for (let t = 0; t < batch; t++) {
    const a0 = aOff + aEach * t * m * k;
    const b0 = bOff + bEach * t * k * n;
    // where op(A)'s row i and op(B)'s column j start (then aStep and bStep apart), and their norms
    const rows = Array.from({ length: m }, (_, i) => a0 + (ta ? i : i * k));
    const cols = Array.from({ length: n }, (_, j) => b0 + (tb ? j * k : j));
    const rowNorms = rows.map((at) => norm(heap, at, aStep, k));
    const colNorms = cols.map((at) => norm(heap, at, bStep, k));
    let worst = 0;
    let where = '';
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const bias = biasLen ? heap[biasOff + (biasLen === 1 ? 0 : j)] : 0;
        let sum = bias;
        for (let p = 0, ai = rows[i], bj = cols[j]; p < k; p++, ai += aStep, bj += bStep) sum += heap[ai] * heap[bj];
        const scale = abs(bias) + rowNorms[i] * colNorms[j];
        const want = c.relu && sum < 0 ? 0 : sum;
        const excess = abs(heap[cOff + (t * m + i) * n + j] - want) / (tolerance * scale + 1e-30);
        if (!(excess <= worst)) {
          worst = excess;
          where = `item ${t}, C[${i}, ${j}] = ${heap[cOff + (t * m + i) * n + j]}, want ${want}`;
        }
      }
    }
    if (!(worst <= 1)) throw new Error(`${what}: ${where} (${worst.toFixed(1)}× the tolerance)`);
  }
}

const SIZES = [1, 3, 7, 17, 33, 65, 130, 300];
const DEPTHS = [1, 3, 7, 17, 33, 65, 130, 300, 600];
const FLAGS: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

/** every m × n of SIZES for one pair of transpose flags, each with one depth of DEPTHS, taking turns */
const sizeCases = (ta: boolean, tb: boolean): Case[] => SIZES.flatMap((m, i) => SIZES.map((n, j) => ({ m, n, k: DEPTHS[(i + 7 * j) % DEPTHS.length], ta, tb })));

/** every product this file checks: the sizes, batches, and the epilogue's cases */
function allCases(): Case[] {
  const cases = FLAGS.flatMap(([ta, tb]) => [
    ...sizeCases(ta, tb),
    { m: 17, n: 33, k: 65, ta, tb, batch: 3 },
    { m: 17, n: 33, k: 65, ta, tb, batch: 3, aEach: 0 as const },
    { m: 7, n: 20, k: 300, ta, tb, batch: 4, bEach: 0 as const },
  ]);
  for (const [m, n, k] of [[33, 17, 65], [300, 33, 600], [130, 3, 300], [301, 130, 129]]) {
    for (const bias of ['columns', 'scalar', undefined] as const) for (const relu of [false, true]) cases.push({ m, n, k, ta: m === 300, tb: n !== 3, batch: 2, bias, relu });
  }
  return cases;
}

const blas = loadNativeBlas();

if (blas === null) {
  test('the addon is not built here, and says why (its gemm is then only checked through the WebAssembly kernels below)', () => {
    expect(nativeBlasUnavailableReason()).toMatch(/not built|disabled|failed to load/);
  });
} else {
  describe(`the addon's gemm (${blas.blas?.() ?? 'openblas'} sgemm, ${blas.corename()})`, () => {
    test.each(FLAGS)('transposeA=%s transposeB=%s: every m × n of 1 to 300, k from 1 to 600', (ta, tb) => {
      // each (m, n) with one depth, the depths taking turns so that every size meets several; among them
      // 300 × 33 × 600 and 33 × 300 × 600: three row blocks, partial tiles, three k blocks of ple sgemm
      for (const c of sizeCases(ta, tb)) check(blas, c);
    });

    test.each(FLAGS)('transposeA=%s transposeB=%s: batches, with strides and with either side broadcast', (ta, tb) => {
      check(blas, { m: 17, n: 33, k: 65, ta, tb, batch: 3 });
      check(blas, { m: 17, n: 33, k: 65, ta, tb, batch: 3, aEach: 0 });
      check(blas, { m: 7, n: 20, k: 300, ta, tb, batch: 4, bEach: 0 });
    });

    test('bias (per column and scalar) and the ReLU epilogue: partial tiles, several k blocks, a narrow C, 1 and 2 threads', () => {
      const before = blas.threads();
      try {
        for (const threads of [1, 2]) {
          blas.setThreads(threads);
          // ple sgemm applies it in the kernel as a tile's last k block is done (to partial tiles after), and to a
          // narrow C (computed as its transpose) afterwards; 301 × 130 × 129 is split across threads
          for (const [m, n, k] of [[33, 17, 65], [300, 33, 600], [130, 3, 300], [301, 130, 129]]) {
            for (const bias of ['columns', 'scalar', undefined] as const) {
              for (const relu of [false, true]) check(blas, { m, n, k, ta: m === 300, tb: n !== 3, batch: 2, bias, relu });
            }
          }
        }
      } finally {
        blas.setThreads(before);
      }
    });

    if (blas.blas?.() === 'own' && blas.setKernel && /AVX/.test(blas.corename())) {
      test('ple sgemm: its x86 micro-kernels (AVX-512F where the CPU has it, AVX2+FMA) give the same bits on every product here', () => {
        const cases = allCases();
        const bits = (widest: 1 | 2) => {
          blas.setKernel!(widest);
          return cases.map((c) => {
            const { heap, cOff } = runCase(blas, c);
            return heap.slice(cOff);
          });
        };
        try {
          const avx2 = bits(1);
          expect(blas.corename()).toBe('AVX2+FMA');
          const widest = bits(2);
          const differing = cases.filter((_, i) => widest[i].some((x, j) => !Object.is(x, avx2[i][j])));
          expect(cases.length).toBe(292);
          expect(differing).toEqual([]);
        } finally {
          blas.setKernel!(2);
        }
      });
    }

    if (blas.blas?.() === 'own') {
      test('ple sgemm: the same bits with 1 and 3 threads', () => {
        const before = blas.threads();
        const product = (threads: number, m: number, n: number, k: number) => {
          blas.setThreads(threads);
          const heap = filled(m * k + k * n + m * n, 7);
          blas.gemm(heap, 1, m, n, k, 0, 1, 0, 0, m * k, 0, m * k + k * n, -1, 0, 0, 0);
          return heap.slice(m * k + k * n);
        };
        try {
          // over the size that ple sgemm splits across threads; the second so narrow that it computes Cᵀ
          for (const [m, n, k] of [[301, 130, 129], [2001, 3, 200]]) {
            const one = product(1, m, n, k);
            const three = product(3, m, n, k);
            expect(one.filter((x, i) => !Object.is(x, three[i])).length).toBe(0);
          }
        } finally {
          blas.setThreads(before);
        }
      });
    }
  });
}

if (KERNEL_SOURCES.includes('wasm')) {
  describe("ple's WebAssembly kernels' gemm", () => {
    const backing: tf.Tensor[] = [];
    let wasm: NativeBlas;
    beforeAll(async () => {
      await tf.setBackend('wasm');
      pinKernelSource('wasm');
      expect(installNativeKernels()).toMatch(/^ple WebAssembly kernels/);
      wasm = installedKernels()!;
      const backend = tf.backend() as unknown as WasmBackend;
      heaps = (floats) => {
        const t = tf.zeros([floats]);
        backing.push(t);
        return { heap: heapOf(backend), base: offsetOf(backend, t), after: () => heapOf(backend) };
      };
    });
    afterEach(() => tf.dispose(backing.splice(0)));
    afterAll(() => {
      uninstallNativeKernels();
      pinKernelSource(undefined);
      heaps = ownArrays;
    });

    test.each(FLAGS)('transposeA=%s transposeB=%s: every m × n of 1 to 300, k from 1 to 600', (ta, tb) => {
      // among them 300 × 33 × 600: partial 4×8 tiles and three 256-deep k blocks
      for (const c of sizeCases(ta, tb)) check(wasm, c);
    });

    test('batches with strides and broadcasts, bias (per column and scalar) and ReLU: every other product of the file', () => {
      const rest = allCases().filter((c) => c.batch !== undefined);
      expect(rest.length).toBe(292 - 4 * 64);
      for (const c of rest) check(wasm, c);
    });

    test("an untransposed product has the bits of tfjs's own wasm matmul (XNNPACK's order: one multiply, one add, k in order)", () => {
      for (const c of sizeCases(false, false)) {
        const [a, b] = [tf.tensor2d(filled(c.m * c.k, 1 + c.m), [c.m, c.k]), tf.tensor2d(filled(c.k * c.n, 2 + c.n), [c.k, c.n])];
        const ours = tf.matMul(a, b);
        uninstallNativeKernels();
        const xnnpack = tf.matMul(a, b);
        installNativeKernels();
        const want = xnnpack.dataSync();
        const differing = Array.from(ours.dataSync()).filter((x, i) => !Object.is(x, want[i])).length;
        expect({ ...c, differing }).toEqual({ ...c, differing: 0 });
        tf.dispose([a, b, ours, xnnpack]);
      }
    });
  });
}
