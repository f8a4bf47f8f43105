import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';

/**
 * `Identity` on the 'wasm' backend that shares the input's buffer (one more
 * reference) instead of copying it, as the CPU backend and the wasm `Reshape`
 * already do. Needs no native code.
 *
 * Why: tfjs clones, through `Identity`, every tensor it saves for the
 * backward pass (`engine.clone`, for each kernel's inputs/outputs to save and
 * each custom gradient's saved tensors): 157 calls per PLE training step, and
 * the wasm kernel memcpys each (~17 ms of a ~280 ms step at batch 1024, 6%).
 * Those saves now skip the kernel altogether (saved-tensors.ts); this still
 * serves `tf.clone` and the saves inside nested gradients.
 * Tensors are immutable and the wasm backend counts references per buffer,
 * so sharing is safe: a variable's `assign` swaps in a new buffer, it never
 * writes into the old one.
 */
let original: KernelConfig | undefined;

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/** Registers the sharing Identity on 'wasm' (idempotent); false when the wasm backend is not registered. */
export function installSharedIdentity(): boolean {
  if (original !== undefined) return true;
  const k = tf.getKernel('Identity', 'wasm');
  if (k === undefined) return false;
  original = k;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    ...k,
    kernelFunc: ({ inputs, backend }) => {
      const x = (inputs as { x: TensorInfo }).x;
      if (x.dtype === 'string') return k.kernelFunc({ inputs, backend, attrs: {} }); // strings live outside the heap
      (backend as unknown as RefCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  return true;
}

/** Puts the copying wasm Identity back (tests compare both). */
export function restoreCopyingIdentity(): void {
  if (original === undefined) return;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel(original);
  original = undefined;
}
