import { type NativeBlas, loadNativeBlas, nativeBlasUnavailableReason } from './native-blas';
import { wasmBlas } from './wasm-blas';
import { wasmKernelsUnavailableReason } from './wasm-module';

/**
 * Where the kernels of src/ops/native-kernels.ts come from: the native addon
 * where it was built (a C compiler at `npm ci`), else ple's WebAssembly
 * kernels (src/wasm, which need nothing but Node), else none (tfjs's own wasm
 * kernels stay). `PLE_NATIVE=0` turns the addon off, `PLE_WASM_KERNELS=0`
 * the WebAssembly kernels. Tests and benchmarks pin one with `pinKernelSource`.
 */
export type KernelSource = 'native' | 'wasm';

let pinned: KernelSource | undefined;

/** Only this source from now on (undefined: the addon, else the WebAssembly kernels). Takes effect at the next install. */
export function pinKernelSource(source: KernelSource | undefined): void {
  pinned = source;
}

/** The kernels to install, or null (then `kernelSourceUnavailableReason()` says why). */
export function loadKernels(): NativeBlas | null {
  if (pinned !== 'wasm') {
    const native = loadNativeBlas();
    if (native !== null || pinned === 'native') return native;
  }
  return wasmBlas();
}

/** Why `loadKernels()` returned null. */
export function kernelSourceUnavailableReason(): string {
  const native = pinned === 'wasm' ? undefined : `no native addon: ${nativeBlasUnavailableReason() ?? 'unavailable'}`;
  const wasm = pinned === 'native' ? undefined : `no WebAssembly kernels: ${wasmKernelsUnavailableReason() ?? 'unavailable'}`;
  return [native, wasm].filter(Boolean).join('; ');
}
