import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { NativeBlas } from './native-blas';
import { type WasmBackend, heapOf, offsetOf } from './wasm-heap';

/**
 * dL/dx through y = relu(x), from dL/dy and y: dy · step(y), as one pass
 * instead of tfjs's Step, Cast and Multiply (three kernels and two temporary
 * [batch, units] buffers per dense layer in the backward pass), in C
 * through the OpenBLAS addon; the same multiplication, so equal bit for bit
 * to `tf.mul(dy, tf.step(y))`. Without the addon, tf ops.
 */
const KERNEL = 'PleReluGrad';

/** The 'wasm' kernel over the addon; registered with the native kernels (src/ops/native-kernels.ts). */
export function reluGradKernel(blas: NativeBlas): KernelConfig {
  return {
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const { dy, y } = inputs as Record<'dy' | 'y', TensorInfo>;
      const b = backend as unknown as WasmBackend;
      const out = b.makeOutput(y.shape, 'float32');
      const [dyo, yo, oo] = [dy, y, out].map((t) => offsetOf(b, t));
      if ([dyo, yo, oo].some((o) => o < 0)) throw new Error(`${KERNEL}: a tensor is not 4-byte aligned on the wasm heap`);
      const n = tf.util.sizeFromShape(y.shape);
      blas.reluGrad(heapOf(b), n, dyo, yo, oo);
      return out;
    },
  };
}

/** dy · step(y) for y = relu(x), dy and y of one shape (float32). */
export function reluGrad<T extends tf.Tensor>(dy: T, y: T): T {
  if (tf.getKernel(KERNEL, tf.getBackend()) === undefined || dy.dtype !== 'float32' || y.dtype !== 'float32') {
    return tf.mul(dy, tf.step(y));
  }
  return tf.engine().runKernel(KERNEL, { dy, y }, {}) as T;
}
