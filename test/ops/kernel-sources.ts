import { existsSync } from 'node:fs';
import { type KernelSource, pinKernelSource } from '../../src/ops/kernel-source';
import { loadNativeBlas } from '../../src/ops/native-blas';
import { uninstallNativeKernels } from '../../src/ops/native-kernels';
import { wasmKernelsPath } from '../../src/ops/wasm-module';

/**
 * The kernel sources built here, each of which the kernel tests run against:
 * the native addon where a C compiler built it, ple's WebAssembly kernels
 * wherever `npm ci` ran (src/wasm/build.js needs only Node).
 */
export const KERNEL_SOURCES: KernelSource[] = [
  ...(loadNativeBlas() !== null ? (['native'] as const) : []),
  ...(existsSync(wasmKernelsPath()) && process.env.PLE_WASM_KERNELS !== '0' ? (['wasm'] as const) : []),
];

/** Inside a describe: installs from `source` only, for its tests. */
export function pinSource(source: KernelSource): void {
  beforeAll(() => {
    uninstallNativeKernels();
    pinKernelSource(source);
  });
  afterAll(() => {
    uninstallNativeKernels();
    pinKernelSource(undefined);
  });
}

/** What installNativeKernels() describes for each source (threads are the addon's only). */
export const INSTALLED: Record<KernelSource, RegExp> = {
  native: /^(OpenBLAS|ple) sgemm \(\d+ threads?/,
  wasm: /^ple WebAssembly kernels \(SIMD/,
};
