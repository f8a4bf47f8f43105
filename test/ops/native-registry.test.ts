import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installWasmFixes } from '../../src/ops/wasm-fixes';
import { installNativeKernels, nativeKernelsUnavailableReason } from '../../src/ops/native-kernels';
import { installSharedIdentity } from '../../src/ops/wasm-identity';
import { registrySuite } from '../models/registry-suite';

/**
 * The architectures' registry suite on the wasm backend as ple would run it
 * with the optional speed-ups: the native kernels where the addon is built
 * (otherwise the plain wasm kernels, which the suite then covers again) and
 * the buffer-sharing Identity.
 */
let native: string | null = null;
beforeAll(async () => {
  await tf.setBackend('wasm');
  installWasmFixes();
  installSharedIdentity();
  native = installNativeKernels();
});

test('the native kernels are installed exactly when the addon loads', () => {
  if (native === null) expect(nativeKernelsUnavailableReason()).toBeTruthy();
  else expect(native).toMatch(/^(OpenBLAS|ple) sgemm/);
});

describe('every architecture on wasm with the native kernels (when built) and the shared Identity', registrySuite);
