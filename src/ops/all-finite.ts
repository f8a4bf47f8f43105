import * as tf from '@tensorflow/tfjs';
import { installedKernels, nativeKernelsInstalled } from './native-kernels';
import { type WasmBackend, heapOf, offsetsOf } from './wasm-heap';

/**
 * Whether every entry of these float32 tensors is finite, read in C straight
 * from the wasm heap: one call, no tensors, no read-back. Undefined when the
 * native kernels are not in use on the active backend; the caller then
 * checks with tf ops.
 */
export function allFiniteNative(tensors: tf.Tensor[]): boolean | undefined {
  if (!nativeKernelsInstalled() || tf.getBackend() !== 'wasm' || tensors.some((t) => t.dtype !== 'float32')) return undefined;
  const blas = installedKernels();
  if (blas === null || typeof blas.allFinite !== 'function') return undefined;
  const backend = tf.backend() as unknown as WasmBackend;
  return blas.allFinite(
    heapOf(backend),
    offsetsOf(backend, tensors, 'allFiniteNative'),
    tensors.map((t) => t.size),
  );
}
