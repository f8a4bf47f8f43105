import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { NativeBlas } from './native-blas';
import { type WasmBackend, heapOf, offsetsOf } from './wasm-heap';

/**
 * The elementwise half of a dense layer's backward pass (src/ops/dense.ts):
 * the gradient through the activation and the bias gradient, Σ over the
 * batch. For ReLU, tfjs needs a Step, a Cast and a Multiply (three kernels,
 * two temporary [batch, units] buffers) and then a column sum; with the
 * native addon's kernels installed it is one C pass (`PleReluGrad`), and a
 * linear layer's column sum one more (`PleColumnSums`). The same arithmetic
 * as the tf ops: the ReLU gradient bit for bit, the sums to float rounding
 * (test/ops/fused-kernels.test.ts).
 */
const RELU = 'PleReluGrad';
const SUMS = 'PleColumnSums';

/** The 'wasm' kernels over the addon; registered with the native kernels (src/ops/native-kernels.ts). */
export function denseGradKernels(blas: NativeBlas): KernelConfig[] {
  return [
    {
      kernelName: RELU,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend }) => {
        const { dy, y } = inputs as Record<'dy' | 'y', TensorInfo>;
        const b = backend as unknown as WasmBackend;
        const [rows, cols] = y.shape;
        const g = b.makeOutput(y.shape, 'float32');
        const sums = b.makeOutput([cols], 'float32');
        const [dyo, yo, go, so] = offsetsOf(b, [dy, y, g, sums], RELU);
        blas.reluGrad(heapOf(b), rows, cols, dyo, yo, go, so);
        return [g, sums];
      },
    },
    {
      kernelName: SUMS,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend }) => {
        const { x } = inputs as { x: TensorInfo };
        const b = backend as unknown as WasmBackend;
        const [rows, cols] = x.shape;
        const sums = b.makeOutput([cols], 'float32');
        const [xo, so] = offsetsOf(b, [x, sums], SUMS);
        blas.columnSums(heapOf(b), rows, cols, xo, so);
        return sums;
      },
    },
  ];
}

const installed = (kernel: string, ...ts: tf.Tensor[]) =>
  tf.getKernel(kernel, tf.getBackend()) !== undefined && ts.every((t) => t.dtype === 'float32');

/**
 * Σ over the batch axis: [batch, units] → [units]. Without the native
 * kernels, as ones[1, batch]·g: on WASM a reduction over axis 0 transposes
 * first and is ~15× slower than this plain matmul (13 ms against 0.9 ms for
 * [1024, 768]).
 */
export function columnSums(g: tf.Tensor2D): tf.Tensor1D {
  if (installed(SUMS, g)) return tf.engine().runKernel(SUMS, { x: g }, {}) as tf.Tensor1D;
  return tf.reshape(tf.matMul(tf.ones([1, g.shape[0]]), g), [g.shape[1]]);
}

/** For y = relu(x·W + b) [batch, units] and dL/dy: dL/d(x·W + b) = dy · step(y), and dL/db, its column sums. */
export function reluGradAndBias(dy: tf.Tensor2D, y: tf.Tensor2D): [tf.Tensor2D, tf.Tensor1D] {
  if (installed(RELU, dy, y)) return tf.engine().runKernel(RELU, { dy, y }, {}) as unknown as [tf.Tensor2D, tf.Tensor1D];
  const g = tf.mul(dy, tf.step(y)) as tf.Tensor2D;
  return [g, columnSums(g)];
}
