import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installWasmFixes } from '../../src/ops/wasm-fixes';
import { installNativeKernels, nativeKernelsUnavailableReason } from '../../src/ops/native-kernels';
import { installSharedIdentity } from '../../src/ops/wasm-identity';
import { registrySuite } from '../models/registry-suite';
import { INSTALLED, KERNEL_SOURCES, pinSource } from './kernel-sources';

/**
 * The architectures' registry suite on the wasm backend as ple would run it
 * with the optional speed-ups: ple's kernels from each source built here
 * (the native addon, the WebAssembly kernels; without either, the plain wasm
 * kernels, which the suite then covers again) and the buffer-sharing Identity.
 */
beforeAll(async () => {
  await tf.setBackend('wasm');
  installWasmFixes();
  installSharedIdentity();
});

if (KERNEL_SOURCES.length === 0) {
  test('no kernels are installed, and it says why', () => {
    expect(installNativeKernels()).toBeNull();
    expect(nativeKernelsUnavailableReason()).toBeTruthy();
  });
}

if (KERNEL_SOURCES.length > 0) describe.each(KERNEL_SOURCES)('with the %s kernels', (source) => {
  pinSource(source);

  test('they are installed', () => {
    expect(installNativeKernels()).toMatch(INSTALLED[source]);
  });

  describe('every architecture on wasm with them and the shared Identity', registrySuite);
});
