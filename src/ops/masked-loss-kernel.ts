import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { NativeBlas } from './native-blas';
import { type WasmBackend, heapOf, offsetsOf } from './wasm-heap';

/**
 * One task's masked loss L = Σ δ_i·ℓ_i / max(Σ δ_i, 1) (PLE Eq. 9; sigmoid
 * cross-entropy from logits for binary tasks, squared error for regression)
 * and its gradient with respect to the outputs, in one C pass
 * (`PleMaskedLoss`). With tf ops (src/train/masked-loss.ts, the reference)
 * that is ~13 kernels forward and ~20 backward per task, which in a
 * study-sized step cost more than the arithmetic. Equal to the tf ops within
 * float rounding (test/train/masked-loss.test.ts): the kernel sums in double.
 */
const KERNEL = 'PleMaskedLoss';

/** The 'wasm' kernel over the addon: outputs [L (a scalar), dL/d output]; registered with the native kernels. */
export function maskedLossKernels(blas: NativeBlas): KernelConfig[] {
  return [
    {
      kernelName: KERNEL,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { output, labels, mask } = inputs as Record<string, TensorInfo>;
        const b = backend as unknown as WasmBackend;
        const n = output.shape[0];
        const loss = b.makeOutput([], 'float32');
        const grad = b.makeOutput([n], 'float32');
        const [oo, yo, mo, lo, go] = offsetsOf(b, [output, labels, mask, loss, grad], KERNEL);
        blas.maskedLoss(heapOf(b), n, (attrs as { binary: boolean }).binary ? 1 : 0, oo, yo, mo, lo, go);
        return [loss, grad];
      },
    },
  ];
}

/**
 * L for `output`, `labels` and `mask` [batch] (float32) through the kernel,
 * with its gradient for `output` (the labels and the mask get none); undefined
 * where the kernel is not registered for the active backend.
 */
export function maskedLossNative(output: tf.Tensor1D, labels: tf.Tensor1D, mask: tf.Tensor1D, binary: boolean): tf.Scalar | undefined {
  if (tf.getKernel(KERNEL, tf.getBackend()) === undefined || [output, labels, mask].some((t) => t.dtype !== 'float32')) return undefined;
  const loss = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [o, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const [value, grad] = tf.engine().runKernel(KERNEL, { output: o, labels, mask }, { binary }) as tf.Tensor[];
    save([grad]);
    return { value, gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => tf.mul(dy as tf.Tensor, saved[0]) };
  }) as (o: tf.Tensor) => tf.Scalar;
  return loss(output);
}
