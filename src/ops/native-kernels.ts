import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { type NativeBlas, defaultBlasThreads, loadNativeBlas } from './native-blas';
import { kernelSourceUnavailableReason, loadKernels } from './kernel-source';
import { denseGradKernels } from './dense-grad';
import { bankMixKernels } from './bank-mix';
import { embeddingInputKernels } from './embedding-input-kernel';
import { gateMixKernels } from './gate-mix';
import { maskedLossKernels } from './masked-loss-kernel';
import { type WasmBackend, heapOf, offsetOf } from './wasm-heap';

/**
 * Kernels for tfjs's 'wasm' backend that run in native code through the
 * optional addon (src/native/ple_blas.c), or, without it, in ple's
 * WebAssembly kernels (src/ops/wasm-blas.ts; src/ops/kernel-source.ts
 * chooses), in place on the WebAssembly heap:
 * inputs are read where the wasm backend keeps them
 * (`dataIdMap.get(dataId).memoryOffset`) and outputs are tensors the backend
 * allocates (`makeOutput`), so nothing is copied in or out.
 *
 * - `BatchMatMul`, `_FusedMatMul` (bias + linear/relu/relu6/sigmoid/elu/
 *   leakyrelu, every transpose flag, batched): ple's own sgemm
 *   (src/native/sgemm.c) on AVX2 x86-64 CPUs, OpenBLAS's elsewhere where it
 *   is installed (src/native/build.js chooses). Why: matmuls
 *   are most of the FLOPs, and the wasm backend runs them at a few % of the
 *   machine's sgemm peak (transposed or batched ones in a scalar loop,
 *   PERF-NOTES.md); with BLAS a transpose is a flag, not a copy.
 * - `Transpose` (last two axes), `SplitV`, `Concat`, `GatherV2` (axis 0),
 *   `Unpack`: plain memory moves in C. Why: once the matmuls were fast, these
 *   wasm kernels were the next ~25% of a PLE training step (bench/native.ts
 *   --profile).
 *
 * - ple's own kernels, which do in one C pass what tfjs does in several
 *   elementwise kernels: a dense layer's ReLU and bias gradients
 *   (src/ops/dense-grad.ts) and the gates' mixture of experts
 *   (src/ops/gate-mix.ts). The Adam update (src/ops/fused-adam.ts) and the
 *   gradients' finiteness check (src/ops/all-finite.ts) call the addon
 *   directly, once per step. Why: after the above, a PLE step was ~1,000
 *   kernel calls, ~400 of them Adam's.
 *
 * Whatever a kernel does not cover (other dtypes, two-sided batch
 * broadcasting, a bias that is not per column or scalar, prelu, other
 * permutations or axes) goes to the original wasm kernel, which is kept and
 * restored by `uninstallNativeKernels()`. Results equal the wasm kernels'
 * (test/ops/native-kernels.test.ts): bit for bit for the memory moves,
 * within float rounding for the matmuls.
 */

/** Activation codes of src/native/ple_blas.c. */
const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, relu6: 2, sigmoid: 3, leakyrelu: 4, elu: 5 };

interface Plan {
  outShape: number[];
  batch: number;
  m: number;
  n: number;
  k: number;
  aStride: number;
  bStride: number;
}

/**
 * Shapes of op(A)·op(B) over the leading (batch) axes, or null when the batch
 * axes broadcast other than "equal, or one side a single matrix" (then the
 * wasm kernel handles it).
 */
export function planMatMul(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): Plan | null {
  const ra = aShape.length;
  const rb = bShape.length;
  if (ra < 2 || rb < 2) return null;
  const m = transposeA ? aShape[ra - 1] : aShape[ra - 2];
  const ka = transposeA ? aShape[ra - 2] : aShape[ra - 1];
  const kb = transposeB ? bShape[rb - 1] : bShape[rb - 2];
  const n = transposeB ? bShape[rb - 2] : bShape[rb - 1];
  if (ka !== kb) return null; // the wasm kernel throws tfjs's own message
  const outerA = aShape.slice(0, -2);
  const outerB = bShape.slice(0, -2);
  const batchA = outerA.reduce((p, d) => p * d, 1);
  const batchB = outerB.reduce((p, d) => p * d, 1);
  let outer: number[];
  if (batchA === batchB && sameTrailing(outerA, outerB)) outer = outerA.length >= outerB.length ? outerA : outerB;
  else if (batchB === 1) outer = broadcastOuter(outerA, outerB);
  else if (batchA === 1) outer = broadcastOuter(outerB, outerA);
  else return null;
  return {
    outShape: [...outer, m, n],
    batch: Math.max(batchA, batchB),
    m,
    n,
    k: ka,
    aStride: batchA === 1 ? 0 : m * ka,
    bStride: batchB === 1 ? 0 : ka * n,
  };
}

/** Same shape once leading 1s are dropped (e.g. [1, 4] and [4]). */
function sameTrailing(x: number[], y: number[]): boolean {
  const strip = (s: number[]) => s.slice(s.findIndex((d) => d !== 1) < 0 ? s.length : s.findIndex((d) => d !== 1));
  const a = strip(x);
  const b = strip(y);
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The broadcast of `big` against an all-ones `ones` (which may have more axes). */
function broadcastOuter(big: number[], ones: number[]): number[] {
  return ones.length > big.length ? [...ones.slice(0, ones.length - big.length), ...big] : big;
}

function runGemm(
  blas: NativeBlas,
  backend: WasmBackend,
  a: TensorInfo,
  b: TensorInfo,
  p: Plan,
  transposeA: boolean,
  transposeB: boolean,
  bias: TensorInfo | undefined,
  activation: number,
  alpha: number,
): TensorInfo | null {
  const aOff = offsetOf(backend, a);
  const bOff = offsetOf(backend, b);
  const biasOff = bias === undefined ? -1 : offsetOf(backend, bias);
  if (aOff < 0 || bOff < 0 || (bias !== undefined && biasOff < 0)) return null;
  const out = backend.makeOutput(p.outShape, 'float32'); // may grow the memory: take the heap view after
  const cOff = offsetOf(backend, out);
  const biasLen = bias === undefined ? 0 : tf.util.sizeFromShape(bias.shape);
  blas.gemm(
    heapOf(backend),
    p.batch,
    p.m,
    p.n,
    p.k,
    transposeA ? 1 : 0,
    transposeB ? 1 : 0,
    aOff,
    p.aStride,
    bOff,
    p.bStride,
    cOff,
    biasOff,
    biasLen,
    activation,
    alpha,
  );
  return out;
}

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  activation?: string;
  leakyreluAlpha?: number;
}

function batchMatMulKernel(blas: NativeBlas, original: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as MatMulAttrs;
    const plan = a.dtype === 'float32' && b.dtype === 'float32' ? planMatMul(a.shape, b.shape, transposeA, transposeB) : null;
    const out = plan && runGemm(blas, args.backend as WasmBackend, a, b, plan, transposeA, transposeB, undefined, 0, 0);
    return out ?? original(args);
  };
}

function fusedMatMulKernel(blas: NativeBlas, original: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
    const { transposeA, transposeB, activation = 'linear', leakyreluAlpha = 0.2 } = args.attrs as unknown as MatMulAttrs;
    const act = ACTIVATIONS[activation];
    const plan =
      a!.dtype === 'float32' && b!.dtype === 'float32' && act !== undefined && preluActivationWeights === undefined
        ? planMatMul(a!.shape, b!.shape, transposeA, transposeB)
        : null;
    const biasOk =
      bias === undefined ||
      (bias.dtype === 'float32' && bias.shape.length <= 1 && [1, plan?.n].includes(tf.util.sizeFromShape(bias.shape)));
    const out =
      plan && biasOk && runGemm(blas, args.backend as WasmBackend, a!, b!, plan, transposeA, transposeB, bias, act, leakyreluAlpha);
    return out || original(args);
  };
}

/**
 * `Transpose` when the permutation swaps the last two axes (every transpose
 * in the dense layers' and matmuls' backward passes): a cache-blocked copy in
 * C, ~5× the wasm kernel's strided loop. Other permutations and 1-byte dtypes
 * go to the wasm kernel.
 */
function transposeKernel(blas: NativeBlas, original: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { perm } = args.attrs as unknown as { perm: number[] };
    const r = x.shape.length;
    const swapsLastTwo =
      r >= 2 && perm.length === r && perm[r - 2] === r - 1 && perm[r - 1] === r - 2 && perm.slice(0, -2).every((p, i) => p === i);
    if (!swapsLastTwo || (x.dtype !== 'float32' && x.dtype !== 'int32')) return original(args);
    const backend = args.backend as WasmBackend;
    const inOff = offsetOf(backend, x);
    if (inOff < 0) return original(args);
    const rows = x.shape[r - 2];
    const cols = x.shape[r - 1];
    const out = backend.makeOutput([...x.shape.slice(0, -2), cols, rows], x.dtype as 'float32');
    blas.transpose(heapOf(backend), tf.util.sizeFromShape(x.shape.slice(0, -2)), rows, cols, inOff, offsetOf(backend, out));
    return out;
  };
}

const FOUR_BYTES = new Set(['float32', 'int32']);

/**
 * `SplitV` of 4-byte tensors along any axis as strided row copies (the
 * experts' first layers are one fused matmul split per expert; 2-3 ms per
 * [1024, 768] split through the wasm backend's generic slices).
 */
function splitVKernel(blas: NativeBlas, original: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number[] | number; axis: number };
    const backend = args.backend as WasmBackend;
    const xOff = offsetOf(backend, x);
    if (!FOUR_BYTES.has(x.dtype) || xOff < 0) return original(args);
    const ax = tf.util.parseAxisParam(axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, numOrSizeSplits, ax);
    const outer = tf.util.sizeFromShape(x.shape.slice(0, ax));
    const inner = tf.util.sizeFromShape(x.shape.slice(ax + 1));
    const outs: TensorInfo[] = [];
    let at = 0;
    for (const s of sizes) {
      const shape = x.shape.slice();
      shape[ax] = s;
      const out = backend.makeOutput(shape, x.dtype as 'float32');
      blas.copy2d(heapOf(backend), outer, s * inner, xOff + at * inner, x.shape[ax] * inner, offsetOf(backend, out), s * inner);
      at += s;
      outs.push(out);
    }
    return outs;
  };
}

/** `Concat` of 4-byte tensors along any axis as strided row copies (the gradient of the split above). */
function concatKernel(blas: NativeBlas, original: KernelFunc): KernelFunc {
  return (args) => {
    const inputs = Object.values(args.inputs) as TensorInfo[];
    const backend = args.backend as WasmBackend;
    const dtype = inputs[0]?.dtype;
    if (inputs.length < 2 || !FOUR_BYTES.has(dtype) || inputs.some((t) => t.dtype !== dtype)) return original(args);
    const ax = tf.util.parseAxisParam((args.attrs as unknown as { axis: number }).axis, inputs[0].shape)[0];
    const shapes = inputs.map((t) => t.shape);
    tf.backend_util.assertParamsConsistent(shapes, ax);
    const offs = inputs.map((t) => offsetOf(backend, t));
    if (offs.some((o) => o < 0)) return original(args);
    const outShape = tf.backend_util.computeOutShape(shapes, ax);
    const out = backend.makeOutput(outShape, dtype as 'float32');
    const outOff = offsetOf(backend, out);
    const outer = tf.util.sizeFromShape(outShape.slice(0, ax));
    const inner = tf.util.sizeFromShape(outShape.slice(ax + 1));
    let at = 0;
    inputs.forEach((t, i) => {
      const cols = t.shape[ax] * inner;
      if (cols > 0 && outer > 0) blas.copy2d(heapOf(backend), outer, cols, offs[i], cols, outOff + at, outShape[ax] * inner);
      at += cols;
    });
    return out;
  };
}

/**
 * `GatherV2` along axis 0 without batch dims (embedding lookups): row copies
 * in C. An out-of-range index goes to the wasm kernel, which raises tfjs's error.
 */
function gatherKernel(blas: NativeBlas, original: KernelFunc): KernelFunc {
  return (args) => {
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    const backend = args.backend as WasmBackend;
    if (!FOUR_BYTES.has(x.dtype) || indices.dtype !== 'int32' || (batchDims ?? 0) !== 0 || x.shape.length < 1) return original(args);
    if (tf.util.parseAxisParam(axis, x.shape)[0] !== 0) return original(args);
    const xOff = offsetOf(backend, x);
    const iOff = offsetOf(backend, indices);
    if (xOff < 0 || iOff < 0) return original(args);
    const row = tf.util.sizeFromShape(x.shape.slice(1));
    const n = tf.util.sizeFromShape(indices.shape);
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype as 'float32');
    if (blas.gatherRows(heapOf(backend), n, row, xOff, x.shape[0], iOff, offsetOf(backend, out))) return out;
    backend.disposeData(out.dataId);
    return original(args);
  };
}

/** `Unpack` (unstack) of 4-byte tensors along any axis: one strided copy per part. */
function unpackKernel(blas: NativeBlas, original: KernelFunc): KernelFunc {
  return (args) => {
    const { value } = args.inputs as { value: TensorInfo };
    const backend = args.backend as WasmBackend;
    const vOff = offsetOf(backend, value);
    if (!FOUR_BYTES.has(value.dtype) || vOff < 0) return original(args);
    const ax = tf.util.parseAxisParam((args.attrs as unknown as { axis: number }).axis, value.shape)[0];
    const parts = value.shape[ax];
    const outer = tf.util.sizeFromShape(value.shape.slice(0, ax));
    const inner = tf.util.sizeFromShape(value.shape.slice(ax + 1));
    const shape = [...value.shape.slice(0, ax), ...value.shape.slice(ax + 1)];
    const outs: TensorInfo[] = [];
    for (let i = 0; i < parts; i++) {
      const out = backend.makeOutput(shape, value.dtype as 'float32');
      blas.copy2d(heapOf(backend), outer, inner, vOff + i * inner, parts * inner, offsetOf(backend, out), inner);
      outs.push(out);
    }
    return outs;
  };
}

const KERNELS = ['BatchMatMul', '_FusedMatMul', 'Transpose', 'SplitV', 'Concat', 'GatherV2', 'Unpack'] as const;
let originals: Map<string, KernelConfig> | undefined;
/** the names of ple's own kernels, registered while the native kernels are installed */
let own: string[] = [];
let description: string | null = null;

/**
 * Registers the native kernels on the 'wasm' backend (idempotent). Returns
 * a description for the run manifest, e.g. 'OpenBLAS sgemm (2 threads, Zen
 * kernels; …)' or 'ple sgemm (1 thread, AVX2+FMA; …)', or null when the addon
 * is not available (the wasm kernels stay;
 * `nativeKernelsUnavailableReason()` says why). `threads` defaults to
 * `defaultBlasThreads()` (PLE_BLAS_THREADS, else the cores).
 * Call after the wasm backend is registered (importing
 * @tensorflow/tfjs-backend-wasm does that); it may be active or not yet.
 */
export function installNativeKernels(options: { threads?: number } = {}): string | null {
  if (originals !== undefined) return description;
  const blas = loadKernels();
  if (blas === null) return null;
  const found = new Map<string, KernelConfig>();
  for (const name of KERNELS) {
    const k = tf.getKernel(name, 'wasm');
    if (k === undefined) {
      unavailable = 'the wasm backend is not registered (import @tensorflow/tfjs-backend-wasm first)';
      return null;
    }
    found.set(name, k);
  }
  // An OpenMP OpenBLAS (Debian's other build) ran 3-4x slower with 2 threads inside Node: 1 unless asked.
  const openmp = /USE_OPENMP/.test(blas.config()) && process.env.PLE_BLAS_THREADS === undefined;
  blas.setThreads(options.threads ?? (openmp ? 1 : defaultBlasThreads()));
  const make = {
    BatchMatMul: batchMatMulKernel,
    _FusedMatMul: fusedMatMulKernel,
    Transpose: transposeKernel,
    SplitV: splitVKernel,
    Concat: concatKernel,
    GatherV2: gatherKernel,
    Unpack: unpackKernel,
  };
  for (const name of KERNELS) {
    const k = found.get(name)!;
    tf.unregisterKernel(name, 'wasm');
    // setupFunc: the wasm kernel's own set-up, needed by its fallback when the backend initialises later
    tf.registerKernel({ ...k, kernelFunc: make[name](blas, k.kernelFunc) });
  }
  if (typeof blas.adam === 'function' && typeof blas.denseGrad === 'function') {
    // an addon built before these kernels lacks them (until `npm ci` or `node src/native/build.js` rebuilds it)
    const bank = typeof blas.bankMix === 'function' ? bankMixKernels(blas) : [];
    const loss = typeof blas.maskedLoss === 'function' ? maskedLossKernels(blas) : [];
    const input = typeof blas.embeddingInput === 'function' ? embeddingInputKernels(blas) : [];
    own = [...denseGradKernels(blas), ...gateMixKernels(blas), ...bank, ...loss, ...input].map((k) => (tf.registerKernel(k), k.kernelName));
  }
  originals = found;
  installed = blas;
  description = describe(blas);
  return description;
}

/** Puts the wasm backend's own kernels back (tests and benchmarks compare both). */
export function uninstallNativeKernels(): void {
  if (originals === undefined) return;
  for (const name of own) tf.unregisterKernel(name, 'wasm');
  own = [];
  for (const [name, k] of originals) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(k);
  }
  originals = undefined;
  installed = null;
  description = null;
}

/** Whether the native kernels are the registered ones. */
export function nativeKernelsInstalled(): boolean {
  return originals !== undefined;
}

let installed: NativeBlas | null = null;

/** The kernels behind the registered ones (the addon or ple's WebAssembly kernels), or null when none are installed. */
export function installedKernels(): NativeBlas | null {
  return installed;
}

let unavailable: string | undefined;

/** Why `installNativeKernels()` returned null, for logs. */
export function nativeKernelsUnavailableReason(): string | undefined {
  return originals !== undefined ? undefined : (unavailable ?? kernelSourceUnavailableReason());
}

/**
 * Changes the BLAS thread count (process-wide: every worker thread of this
 * process shares it). Returns false when the addon is not loaded.
 */
export function setBlasThreads(n: number): boolean {
  const blas = loadNativeBlas();
  if (blas === null) return false;
  blas.setThreads(n);
  if (installed !== null) description = describe(installed);
  return true;
}

/** Which sgemm, its threads and kernels, and whether ple's fused kernels are in (older addons lack them). */
function describe(blas: NativeBlas): string {
  const t = blas.threads();
  const threads = `${t} thread${t === 1 ? '' : 's'}`;
  const kernels = ['Adam', 'dense gradients', 'gate mixture'];
  if (own.includes('PleMaskedLoss')) kernels.push('loss');
  if (own.includes('PleEmbeddingInput')) kernels.push('input');
  const fused = own.length > 0 ? `; fused ${kernels.slice(0, -1).join(', ')} and ${kernels[kernels.length - 1]}` : '';
  const which = blas.blas?.() ?? 'openblas';
  if (which === 'wasm') return `ple WebAssembly kernels (SIMD${fused})`;
  return which === 'own'
    ? `ple sgemm (${threads}, ${blas.corename()}${fused})`
    : `OpenBLAS sgemm (${threads}, ${blas.corename()} kernels${fused})`;
}
