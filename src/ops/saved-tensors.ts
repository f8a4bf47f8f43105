import * as tf from '@tensorflow/tfjs';

/**
 * Saving a tensor for the backward pass without running a kernel, on the
 * 'wasm' backend.
 *
 * tfjs keeps every tensor a gradient will need (a kernel's inputs or outputs
 * to save, a custom gradient's saved tensors) through `engine.clone`: an
 * `Identity` kernel plus a tape node whose own gradient (a `Cast`) only
 * matters when a gradient is itself differentiated. A PLE training step saves
 * ~130 tensors that way, and each costs a full kernel dispatch and a tape node
 * that every backward pass then filters out again. On the wasm backend the
 * clone is one more reference to the same buffer (see wasm-identity.ts), so we
 * make exactly that, directly: a new tensor on the same data, counted by the
 * engine and the backend as `Identity` would have counted it. Inside nested
 * gradients (`tf.grad` of a `tf.grad`) the stock clone is kept, tape node and
 * all.
 */

interface EngineInternals {
  clone(x: tf.Tensor): tf.Tensor;
  backend: unknown;
  state: { gradientDepth: number; tensorInfo: Map<object, { backend: unknown }> };
  makeTensorFromTensorInfo(info: { dataId: object; shape: number[]; dtype: tf.DataType }): tf.Tensor;
}

let stockClone: ((x: tf.Tensor) => tf.Tensor) | undefined;

/** Installs the direct save (idempotent); false where the active backend is not 'wasm'. */
export function installDirectSaves(): boolean {
  if (stockClone !== undefined) return true;
  if (tf.getBackend() !== 'wasm') return false;
  const engine = tf.engine() as unknown as EngineInternals;
  const wasm = engine.backend as { incRef(dataId: object): void };
  const stock = engine.clone;
  stockClone = stock;
  engine.clone = function directClone(this: EngineInternals, x: tf.Tensor): tf.Tensor {
    if (
      this.backend !== wasm ||
      this.state.gradientDepth > 1 ||
      x.dtype === 'string' ||
      this.state.tensorInfo.get(x.dataId)?.backend !== wasm
    ) {
      return stock.call(this, x);
    }
    wasm.incRef(x.dataId);
    return this.makeTensorFromTensorInfo({ dataId: x.dataId, shape: x.shape, dtype: x.dtype });
  };
  return true;
}

/** Whether saves go around the kernel now. */
export function directSavesInstalled(): boolean {
  return stockClone !== undefined;
}

/** Puts tfjs's clone back (tests compare both). */
export function restoreKernelSaves(): void {
  if (stockClone === undefined) return;
  delete (tf.engine() as unknown as { clone?: unknown }).clone; // the prototype's method shows through again
  stockClone = undefined;
}
