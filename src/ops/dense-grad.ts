import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { NativeBlas } from './native-blas';
import { type WasmBackend, heapOf, offsetsOf } from './wasm-heap';

/**
 * A dense layer's backward pass (src/ops/dense.ts). With the native addon's
 * kernels installed it is one C call (`PleDenseGrad`): the gradient through
 * the activation, the bias gradient (Σ over the batch) and the two matrix
 * products, where tfjs runs a Step, a Cast and a Multiply (for ReLU), a
 * column sum and two matmuls, each with a wasm tensor of its own. The
 * activation's gradient is tfjs's arithmetic and the products are those of
 * the native `BatchMatMul`, so a model trains to the same bits either way
 * (test/ops/fused-kernels.test.ts). In alternating steps of one process a
 * hard-sharing step took 6% less time at the median, PLE 5%, MMoE 2%.
 */
const DENSE = 'PleDenseGrad';

/** The activations it takes, by the addon's codes (ple_blas.c ACT_*). */
const ACT = { linear: 0, relu: 1, sigmoid: 3 } as const;
export type DenseGradActivation = keyof typeof ACT;

/** The 'wasm' kernel over the addon; registered with the native kernels (src/ops/native-kernels.ts). */
export function denseGradKernels(blas: NativeBlas): KernelConfig[] {
  return [
    {
      kernelName: DENSE,
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs, backend }) => {
        const { dy, y, x, w } = inputs as Record<'dy' | 'y' | 'x' | 'w', TensorInfo>;
        const { activation } = attrs as unknown as { activation: DenseGradActivation };
        const b = backend as unknown as WasmBackend;
        const [rows, units] = dy.shape;
        const ins = x.shape[1];
        const dx = b.makeOutput([rows, ins], 'float32');
        const dw = b.makeOutput([ins, units], 'float32');
        const db = b.makeOutput([units], 'float32');
        const [dyo, yo, xo, wo, dxo, dwo, dbo] = offsetsOf(b, [dy, y, x, w, dx, dw, db], DENSE);
        blas.denseGrad(heapOf(b), rows, ins, units, ACT[activation], dyo, yo, xo, wo, dxo, dwo, dbo);
        return [dx, dw, db];
      },
    },
  ];
}

/**
 * For y = act(x·w + b) (x [batch, in], w [in, units], y [batch, units]) and
 * dL/dy: [dL/dx, dL/dw, dL/db] in one native kernel, or null where it is not
 * installed (src/ops/dense.ts then takes the tf ops).
 */
export function denseGrad(
  dy: tf.Tensor2D,
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  y: tf.Tensor2D,
  activation: DenseGradActivation,
): [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D] | null {
  if (tf.getKernel(DENSE, tf.getBackend()) === undefined || [dy, x, w, y].some((t) => t.dtype !== 'float32')) return null;
  return tf.engine().runKernel(DENSE, { dy, y, x, w }, { activation }) as unknown as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
}

/**
 * Σ over the batch axis with the tf ops: [batch, units] → [units], as
 * ones[1, batch]·g: on WASM a reduction over axis 0 transposes first and is
 * ~15× slower than this plain matmul (13 ms against 0.9 ms for [1024, 768]).
 */
export function columnSums(g: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, g.shape[0]]), g), [g.shape[1]]);
}
