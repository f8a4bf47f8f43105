import * as tf from '@tensorflow/tfjs';
import { swapLast } from './matmul-gradient';
import { nativeKernelsInstalled } from './native-kernels';
import { columnSums, denseGrad } from './dense-grad';

export type DenseActivation = 'relu' | 'tanh' | 'sigmoid' | 'linear';

/**
 * `activation(x·kernel + bias)` for a fully connected layer: x [batch, in],
 * kernel [in, units], bias [units] → [batch, units].
 *
 * Why not `tf.fused.matMul`: under a gradient tape tfjs un-fuses it for any
 * activation but linear, and its own backward uses transposed matmuls, which
 * the WASM backend runs in a scalar loop. Here the forward is one
 * `_FusedMatMul` kernel (matmul, bias and activation in one pass, also while
 * training) and the backward multiplies by explicit transposes, so every
 * matmul is a plain one that reaches XNNPACK (the bias gradient too, see
 * `columnSums` in src/ops/dense-grad.ts); with the native kernels the whole
 * backward pass is one kernel (`denseGrad`, same file). Values equal the plain ops
 * (matMul + add + activation) up to float rounding; tanh, which the fused
 * kernel lacks, takes the plain ops.
 */
export function denseForward(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  activation: DenseActivation,
): tf.Tensor2D {
  if (activation === 'tanh') return tf.tanh(tf.add(tf.matMul(x, kernel), bias)) as tf.Tensor2D;
  return FUSED[activation](x, kernel, bias) as tf.Tensor2D;
}

type FusedActivation = Exclude<DenseActivation, 'tanh'>;

function fusedDense(activation: FusedActivation) {
  const f = (...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, bias] = args as tf.Tensor[];
    const save = args[3] as tf.GradSaveFunc;
    const [b, i] = x.shape as [number, number];
    const u = kernel.shape[1] as number;
    const attrs = { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 };
    // the native kernel takes the 2-D operands as they are (three Reshape dispatches fewer); the wasm one wants a batch axis
    const out =
      nativeKernelsInstalled() && tf.getBackend() === 'wasm'
        ? tf.engine().runKernel<tf.Tensor2D>('_FusedMatMul', { a: x, b: kernel, bias }, attrs)
        : tf.reshape(
            tf.engine().runKernel<tf.Tensor3D>('_FusedMatMul', { a: tf.reshape(x, [1, b, i]), b: tf.reshape(kernel, [1, i, u]), bias }, attrs),
            [b, u],
          ); // [batch, units]
    save([x, kernel, out]);
    return {
      value: out,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [sx, sk, sy] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const whole = denseGrad(dy as tf.Tensor2D, sx, sk, sy, activation); // the native kernel: [dx, dW, db]
        if (whole !== null) return whole;
        const [g, db] = activationGrad(dy as tf.Tensor2D, sy, activation); // [batch, units], [units]
        // native BLAS takes a transpose as a flag; the WASM kernel would run it in a scalar loop
        const native = nativeKernelsInstalled();
        return [
          native ? tf.matMul(g, sk, false, true) : tf.matMul(g, swapLast(sk)), // [batch, in]
          native ? tf.matMul(sx, g, true, false) : tf.matMul(swapLast(sx), g), // [in, units]
          db,
        ];
      },
    };
  };
  return tf.customGrad(f) as (x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor) => tf.Tensor;
}

/** dL/d(pre-activation) from dL/dy and the layer's output y, and its column sums (dL/d bias). */
function activationGrad(dy: tf.Tensor2D, y: tf.Tensor2D, activation: FusedActivation): [tf.Tensor2D, tf.Tensor1D] {
  switch (activation) {
    case 'linear':
      return [dy, columnSums(dy)];
    case 'relu': {
      const g = tf.mul(dy, tf.step(y)) as tf.Tensor2D;
      return [g, columnSums(g)];
    }
    case 'sigmoid': {
      const g = tf.mul(dy, tf.mul(y, tf.sub(1, y))) as tf.Tensor2D;
      return [g, columnSums(g)];
    }
  }
}

const FUSED: Record<FusedActivation, ReturnType<typeof fusedDense>> = {
  relu: fusedDense('relu'),
  sigmoid: fusedDense('sigmoid'),
  linear: fusedDense('linear'),
};
