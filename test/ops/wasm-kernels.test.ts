import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { pinKernelSource } from '../../src/ops/kernel-source';
import { installNativeKernels, installedKernels, uninstallNativeKernels } from '../../src/ops/native-kernels';
import { type WasmBackend, heapOf, offsetOf } from '../../src/ops/wasm-heap';
import { loadWasmKernels, wasmKernelsPath } from '../../src/ops/wasm-module';
import { KERNEL_SOURCES } from './kernel-sources';

/**
 * ple's WebAssembly kernels share tfjs's wasm memory, so what they may write
 * is the point: the module build.js leaves must import only that memory and
 * carry no data segments (which instantiation would write into it), and the
 * kernels refuse any heap but that memory. Their arithmetic is checked with
 * the addon's, source by source, in the other kernel tests.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unsafe } = require(path.join(__dirname, '../../src/wasm/build.js')) as { unsafe: (bytes: Uint8Array) => string | null };

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** import section: env.memory, a memory of at least 1 page */
const IMPORT_MEMORY = [0x02, 0x0f, 0x01, 0x03, ...Buffer.from('env'), 0x06, ...Buffer.from('memory'), 0x02, 0x00, 0x01];

describe('what build.js lets through', () => {
  test('a module that only imports the memory passes', () => {
    expect(unsafe(Uint8Array.from([...HEADER, ...IMPORT_MEMORY]))).toBeNull();
  });

  test('a data segment (one byte, 42, written at address 0 on instantiation) is refused', () => {
    const data = [0x0b, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x2a];
    expect(unsafe(Uint8Array.from([...HEADER, ...IMPORT_MEMORY, ...data]))).toBe('it has data segments');
  });

  test('a module that imports anything else, or no memory, is refused', () => {
    expect(unsafe(Uint8Array.from(HEADER))).toMatch(/not only env.memory/);
    const table = [0x02, 0x0f, 0x01, 0x03, ...Buffer.from('env'), 0x05, ...Buffer.from('table'), 0x01, 0x70, 0x00, 0x01];
    expect(unsafe(Uint8Array.from([...HEADER, ...table]))).toBe('it imports env.table, not only env.memory');
  });
});

if (KERNEL_SOURCES.includes('wasm')) {
  describe('the built kernels', () => {
    beforeAll(async () => {
      await tf.setBackend('wasm');
      uninstallNativeKernels();
      pinKernelSource('wasm');
    });
    afterAll(() => {
      uninstallNativeKernels();
      pinKernelSource(undefined);
    });

    test('the module passes the check, and works in the wasm backend’s own memory', () => {
      expect(unsafe(readFileSync(wasmKernelsPath()))).toBeNull();
      const memory = (tf.backend() as unknown as { wasm: { asm: { memory: { buffer: ArrayBufferLike } } } }).wasm.asm.memory;
      expect(loadWasmKernels()!.memory).toBe(memory);
      expect(installNativeKernels()).toBe('ple WebAssembly kernels (SIMD; fused Adam, dense gradients, gate mixture, loss and input)');
    });

    test('a heap that is not that memory is refused before anything is written', () => {
      installNativeKernels();
      const blas = installedKernels()!;
      const foreign = new Float32Array(64).fill(1);
      expect(() => blas.transpose(foreign, 1, 4, 4, 0, 16)).toThrow(/the heap must be a Float32Array over the wasm backend's memory/);
      expect(() => blas.allFinite(foreign, [0], [4])).toThrow(TypeError);
      expect(foreign.every((x) => x === 1)).toBe(true);
    });

    test('operands past the end of the memory are refused', () => {
      installNativeKernels();
      const blas = installedKernels()!;
      const backend = tf.backend() as unknown as WasmBackend;
      const t = tf.zeros([8]);
      const heap = heapOf(backend);
      expect(() => blas.copy2d(heap, 2, 4, offsetOf(backend, t), 4, heap.length - 4, 4)).toThrow(/copy2d: operand outside the heap/);
      expect(() => blas.gemm(heap, 1, 2, 2, 2, 0, 0, heap.length - 2, 0, offsetOf(backend, t), 0, offsetOf(backend, t), -1, 0, 0, 0)).toThrow(/gemm: operand outside the heap/);
      t.dispose();
    });
  });
}
