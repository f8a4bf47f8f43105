import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../errors';
import { packageRoot } from '../package-root';

/**
 * The optional native addon (src/native/ple_blas.c, built by
 * src/native/build.js during `npm ci` wherever a C compiler is available):
 * its matrix products run through ple's own sgemm (src/native/sgemm.c) on
 * AVX2 x86-64 CPUs and where OpenBLAS is not installed, else through
 * OpenBLAS (build.js chooses). Loading it is best-effort:
 * when it was not built, or OpenBLAS's shared library is missing at run time,
 * `loadNativeBlas()` returns null and ple keeps the WASM path.
 */
export interface NativeBlas {
  /**
   * C_t = act(op(A_t)·op(B_t) + bias) for t < batch, row-major, on `heap`
   * (a Float32Array over the wasm memory); offsets and strides in float32
   * elements; stride 0 broadcasts; biasOff −1 = no bias. Bounds-checked in C.
   */
  gemm(
    heap: Float32Array,
    batch: number,
    m: number,
    n: number,
    k: number,
    transA: number,
    transB: number,
    aOff: number,
    aStride: number,
    bOff: number,
    bStride: number,
    cOff: number,
    biasOff: number,
    biasLen: number,
    activation: number,
    alpha: number,
  ): void;
  /** out_t = in_tᵀ for t < batch (rows×cols each, 4-byte elements copied as bits), cache-blocked. */
  transpose(heap: Float32Array, batch: number, rows: number, cols: number, inOff: number, outOff: number): void;
  /** copies a rows×cols block of 4-byte elements between strided heap places (one memcpy per row) */
  copy2d(heap: Float32Array, rows: number, cols: number, srcOff: number, srcStride: number, dstOff: number, dstStride: number): void;
  /** dst[i] = table[idx[i]] (rows of rowLen 4-byte elements, idx int32 on the heap); false, writing nothing, on an index out of range */
  gatherRows(heap: Float32Array, n: number, rowLen: number, tableOff: number, tableRows: number, idxOff: number, dstOff: number): boolean;
  /**
   * One Adam step over every variable (src/ops/fused-adam.ts): `ops` holds
   * (x, g, m, v, out, n) per variable, heap offsets and the size; m and v are
   * updated in place, out may equal x.
   */
  adam(
    heap: Float32Array,
    ops: Float64Array,
    learningRate: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    correction1: number,
    correction2: number,
  ): void;
  /**
   * A dense layer's backward pass: g = dy·act'(y), db = Σ_rows g, dx = g·wᵀ,
   * dw = xᵀ·g; activation 0 linear, 1 ReLU, 3 sigmoid (src/ops/dense-grad.ts).
   */
  denseGrad(
    heap: Float32Array,
    rows: number,
    inputs: number,
    units: number,
    activation: number,
    dyOff: number,
    yOff: number,
    xOff: number,
    wOff: number,
    dxOff: number,
    dwOff: number,
    dbOff: number,
  ): void;
  /** out[b,:] = Σ_e w[b,e]·E_e[b,:] (src/ops/gate-mix.ts): w [batch, E], each E_e and out [batch, units]. */
  gateMix(heap: Float32Array, batch: number, units: number, wOff: number, expertOffs: number[], outOff: number): void;
  /** its gradient: dE_e = dy·w[:,e], dw[b,e] = Σ_j dy[b,j]·E_e[b,j]. */
  gateMixGrad(
    heap: Float32Array,
    batch: number,
    units: number,
    dyOff: number,
    wOff: number,
    expertOffs: number[],
    dwOff: number,
    gradOffs: number[],
  ): void;
  /**
   * Several gates' mixtures over one bank of experts h [batch, width] (src/ops/bank-mix.ts); `plan` holds per gate
   * E, the offsets of w [batch, E], y [batch, units] and −1, then its E expert indices.
   */
  bankMix(heap: Float32Array, plan: Float64Array, batch: number, units: number, width: number, hOff: number): void;
  /** its gradient: the plan's y are the gates' dy and its −1 the offsets of their dw; dh [batch, width] is written. */
  bankMixGrad(heap: Float32Array, plan: Float64Array, batch: number, units: number, width: number, hOff: number, dhOff: number): void;
  /**
   * One task's masked loss over n rows, written to loss (one float), and its gradient for the outputs to grad
   * (src/ops/masked-loss-kernel.ts); binary 1 for sigmoid cross-entropy from logits, 0 for squared error.
   */
  maskedLoss(heap: Float32Array, n: number, binary: number, outOff: number, yOff: number, maskOff: number, lossOff: number, gradOff: number): void;
  /**
   * The models' input x [batch, Σ dim + numericCols] from int32 ids [batch, features], the tables in `plan` (per
   * feature its heap offset, vocab and dim) and the numeric features (−1: none) (src/ops/embedding-input-kernel.ts).
   */
  embeddingInput(heap: Float32Array, plan: Float64Array, batch: number, idsOff: number, numericOff: number, numericCols: number, xOff: number): void;
  /** its gradient: the tables' gradients at the plan's offsets, zeroed and summed from dx (numericOff −1). */
  embeddingInputGrad(heap: Float32Array, plan: Float64Array, batch: number, idsOff: number, numericOff: number, numericCols: number, dxOff: number): void;
  /** whether every float32 in the heap ranges [offsets[i], offsets[i] + sizes[i]) is finite (src/ops/all-finite.ts) */
  allFinite(heap: Float32Array, offsets: number[], sizes: number[]): boolean;
  /** BLAS threads, process-wide (shared by every worker thread). */
  setThreads(n: number): void;
  threads(): number;
  /**
   * Which BLAS runs the matrix products: the system's OpenBLAS, ple's own
   * sgemm, or ple's WebAssembly kernels (src/ops/wasm-blas.ts, without the
   * addon). Absent from addons built before ple's sgemm existed, which are all OpenBLAS.
   */
  blas?(): 'openblas' | 'own' | 'wasm';
  /** the kernel family OpenBLAS picked, e.g. 'Haswell', 'Zen', 'SkylakeX'; ple's sgemm: 'AVX-512F', 'AVX2+FMA' or 'generic' */
  corename(): string;
  /**
   * ple's sgemm: the widest micro-kernel from now on (0 generic, 1 AVX2+FMA,
   * 2 AVX-512F, the default: the widest the CPU has); false with OpenBLAS.
   * Absent from addons built before it.
   */
  setKernel?(widest: 0 | 1 | 2): boolean;
  /** floating-point operations per second of independent FMAs `width` floats wide on `threads` threads (src/native/peak.c); 0 without that width */
  fmaPeak?(width: 8 | 16, threads: number, iters: number): number;
  /** OpenBLAS's build line, e.g. 'OpenBLAS 0.3.21 DYNAMIC_ARCH … MAX_THREADS=64'; ple's sgemm: 'ple sgemm, no OpenBLAS' */
  config(): string;
}

/** Where build.js leaves the addon (node-gyp's default output folder). */
export function nativeAddonPath(): string {
  return path.join(packageRoot(), 'src/native/build/Release/ple_blas.node');
}

let cached: NativeBlas | null | undefined;
let loadError: string | undefined;

/**
 * The addon, loaded once, or null (then `nativeBlasUnavailableReason()` says
 * why). `PLE_NATIVE=0` disables it. Before loading, sets OPENBLAS_CORETYPE on
 * AVX-512 CPUs when the user has not: OpenBLAS 0.3.21 does not recognise some
 * of them and falls back to a kernel 2× slower (PERF-NOTES.md). OpenBLAS
 * reads it once, when the library loads.
 */
export function loadNativeBlas(): NativeBlas | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.env.PLE_NATIVE === '0') {
    loadError = 'disabled by PLE_NATIVE=0';
    return null;
  }
  const file = nativeAddonPath();
  if (!existsSync(file)) {
    loadError = 'addon not built (needs a C compiler and node-gyp at install time; see src/native/build.js)';
    return null;
  }
  if (process.env.OPENBLAS_CORETYPE === undefined) {
    const core = openblasCoretypeFor(cpuFlags());
    if (core !== undefined) process.env.OPENBLAS_CORETYPE = core;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cached = require(file) as NativeBlas;
  } catch (err) {
    loadError = `addon failed to load: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
  return cached;
}

/**
 * From now on `loadNativeBlas()` returns `wrap(addon)` (null without the
 * addon): bench/step-profile.ts times each of its calls. Call it before the
 * kernels are installed (selectBackend installs them), which keep the object
 * they were given.
 */
export function wrapNativeBlas(wrap: (blas: NativeBlas) => NativeBlas): NativeBlas | null {
  const blas = loadNativeBlas();
  if (blas !== null) cached = wrap(blas);
  return cached ?? null;
}

/** Why `loadNativeBlas()` returned null (undefined when it did not). */
export function nativeBlasUnavailableReason(): string | undefined {
  return cached ? undefined : loadError;
}

/**
 * The OPENBLAS_CORETYPE to force for CPUs with these /proc/cpuinfo flags:
 * 'SkylakeX' on AVX-512 (F, BW, DQ, VL) CPUs, which run its kernels whether
 * or not OpenBLAS 0.3.21 knows the model; nothing otherwise (AVX2 CPUs such
 * as Zen 1–3 and Haswell+ are detected fine).
 */
export function openblasCoretypeFor(flags: string): string | undefined {
  const has = (f: string) => new RegExp(`\\b${f}\\b`).test(flags);
  return ['avx512f', 'avx512bw', 'avx512dq', 'avx512vl'].every(has) ? 'SkylakeX' : undefined;
}

function cpuFlags(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '';
  } catch {
    return '';
  }
}

/** PLE_BLAS_THREADS when set (a positive integer), else undefined. */
function threadsFromEnv(): number | undefined {
  const env = process.env.PLE_BLAS_THREADS;
  if (env === undefined || env === '') return undefined;
  const n = Number(env);
  if (Number.isInteger(n) && n >= 1) return n;
  throw new UserError(`PLE_BLAS_THREADS must be a positive integer, got '${env}'`);
}

/**
 * BLAS threads for one process training one model (benchmarks, tests):
 * `PLE_BLAS_THREADS` when set, else the usable cores.
 */
export function defaultBlasThreads(): number {
  return threadsFromEnv() ?? (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/**
 * BLAS threads for the jobs of `ple run`, `jobs` of them at once:
 * `PLE_BLAS_THREADS` when set; else, for a lone job with ple's sgemm, every
 * usable core; else 1. Why not cores ÷ jobs with OpenBLAS: it rounds
 * differently with 1 and 2 threads, and training turns a last-bit difference
 * into a different model (measured: one PLE seed at VTR AUC 0.714 with 2
 * threads, 0.667 with 1), so a job's numbers would depend on --jobs. ple's
 * sgemm gives the same bits with any thread count, so a lone job (one model
 * and seed, or `--jobs 1`) may use the whole machine and still give the
 * study's numbers. Parallel jobs keep one each: the thread count is
 * process-wide and their jobs already fill the cores.
 */
export function jobBlasThreads(jobs: number): number {
  const fromEnv = threadsFromEnv();
  if (fromEnv !== undefined) return fromEnv;
  return jobs === 1 && loadNativeBlas()?.blas?.() === 'own' ? defaultBlasThreads() : 1;
}
