import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { packageRoot } from '../package-root';

/**
 * ple's WebAssembly kernels (src/wasm/assembly, built by src/wasm/build.js
 * during `npm ci`), instantiated on the memory of tfjs's wasm backend, so
 * that they read and write its tensors where they are. The module imports
 * only that memory and holds no data segments (build.js checks both), so it
 * writes nowhere but through the addresses it is given: tensors' buffers and
 * a scratch block that this file takes from tfjs's own allocator.
 */
export interface WasmKernelExports {
  gemm(m: number, n: number, k: number, transA: number, transB: number, a: number, b: number, c: number, bias: number, biasLen: number, act: number, alpha: number, scratch: number): void;
  gemmScratch(n: number, k: number): number;
  transpose(batch: number, rows: number, cols: number, src: number, dst: number): void;
  copy2d(rows: number, cols: number, src: number, srcStride: number, dst: number, dstStride: number): void;
  gatherRows(n: number, rowLen: number, table: number, tableRows: number, idx: number, dst: number): number;
  embedFeature(batch: number, ids: number, features: number, f: number, table: number, dim: number, x: number, cols: number, col: number): void;
  embedFeatureGrad(batch: number, ids: number, features: number, f: number, grad: number, dim: number, dx: number, cols: number, col: number): void;
  idsInRange(batch: number, ids: number, features: number, f: number, vocab: number): number;
  adam(x: number, g: number, m: number, v: number, out: number, n: number, lr: number, b1: number, b2: number, eps: number, k1: number, k2: number, c1: number, c2: number): void;
  activationGrad(act: number, dy: number, y: number, rows: number, cols: number, out: number, sums: number): void;
  mixTerm(batch: number, units: number, e: number, eStride: number, w: number, wStride: number, out: number, outStride: number, add: number): void;
  mixTermGrad(batch: number, units: number, dy: number, e: number, eStride: number, w: number, dw: number, wStride: number, de: number, deStride: number, add: number): void;
  zero2d(rows: number, cols: number, dst: number, stride: number): void;
  allFinite(x: number, n: number): number;
}

/** The module and its scratch block on one wasm backend's memory (one per thread: each has its own tfjs). */
export interface WasmKernels {
  exports: WasmKernelExports;
  /** the memory they work in: tfjs's wasm backend's */
  memory: { buffer: ArrayBufferLike };
  /** a byte address of at least `floats` float32s that stays the kernels' until the next call */
  scratch(floats: number): number;
}

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: abstract new (...args: never[]) => object;
}
const WASM = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

interface EmscriptenModule {
  asm?: { memory?: object };
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

/** Where build.js leaves the module. */
export function wasmKernelsPath(): string {
  return path.join(packageRoot(), 'src/wasm/build/ple_kernels.wasm');
}

let compiled: object | null | undefined;
let instance: { memory: object; kernels: WasmKernels } | undefined;
let loadError: string | undefined;

/**
 * The kernels on the memory of the wasm backend, or null (then
 * `wasmKernelsUnavailableReason()` says why): `PLE_WASM_KERNELS=0`, the
 * module not built, or the wasm backend not initialised yet.
 */
export function loadWasmKernels(): WasmKernels | null {
  if (process.env.PLE_WASM_KERNELS === '0') {
    loadError = 'disabled by PLE_WASM_KERNELS=0';
    return null;
  }
  const emscripten = (tf.findBackend('wasm') as unknown as { wasm?: EmscriptenModule } | undefined)?.wasm;
  const memory = emscripten?.asm?.memory;
  if (emscripten === undefined || memory === undefined || !(memory instanceof WASM.Memory)) {
    loadError = 'the wasm backend is not initialised';
    return null;
  }
  if (instance?.memory === memory) return instance.kernels;
  if (compiled === undefined) {
    const file = wasmKernelsPath();
    compiled = null;
    if (!existsSync(file)) loadError = 'ple_kernels.wasm not built (src/wasm/build.js runs at npm ci)';
    else
      try {
        compiled = new WASM.Module(readFileSync(file));
      } catch (err) {
        loadError = `ple_kernels.wasm failed to compile: ${err instanceof Error ? err.message : String(err)}`;
      }
  }
  if (compiled === null) return null;
  const exports = new WASM.Instance(compiled, { env: { memory } }).exports as unknown as WasmKernelExports;
  instance = { memory, kernels: { exports, memory: memory as WasmKernels['memory'], scratch: scratchOn(emscripten) } };
  return instance.kernels;
}

/** Why `loadWasmKernels()` returned null. */
export function wasmKernelsUnavailableReason(): string | undefined {
  return loadError;
}

/** One growing block from tfjs's malloc, 16-byte aligned (v128 loads), never shrunk. */
function scratchOn(emscripten: EmscriptenModule): (floats: number) => number {
  let ptr = 0;
  let bytes = 0;
  return (floats) => {
    const need = floats * 4 + 16;
    if (need > bytes) {
      if (ptr !== 0) emscripten._free(ptr);
      bytes = Math.max(need, 2 * bytes);
      ptr = emscripten._malloc(bytes);
      if (ptr === 0) {
        bytes = 0;
        throw new RangeError(`ple wasm kernels: no memory for ${floats} scratch floats`);
      }
    }
    return (ptr + 15) & ~15;
  };
}
