import * as tf from '@tensorflow/tfjs';
import type { NativeBlas } from './native-blas';
import { installedKernels } from './native-kernels';
import { type WasmBackend, heapOf, offsetsOf } from './wasm-heap';

/**
 * Adam (Kingma & Ba 2015) on the 'wasm' backend as one C call per training
 * step through the native addon, the same update as `tf.train.adam`:
 *
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
 *   x ← x − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
 *
 * Why: tfjs's Adam runs ~10 elementwise kernels per variable (each a JS call
 * into the backend and a fresh buffer): ~400 of the ~1,000 kernel calls of a
 * PLE training step. Here it is one pass over all the variables, in float32
 * as tfjs's kernels (updates agree to float rounding:
 * test/ops/fused-kernels.test.ts). Only with the addon: a JS loop over the
 * heap was slower than tfjs's SIMD kernels on the WASM-only path.
 *
 * The moments are the optimizer's own and are updated in place; so is a
 * variable whose buffer nothing else holds. A variable whose buffer is shared
 * (a clone through the buffer-sharing Identity, e.g. early stopping's weight
 * snapshot) gets a new buffer instead: copy on write, so the clone keeps its
 * values.
 */

/** The addon when `FusedAdam` can run on the active backend (native kernels installed, backend 'wasm'), else null. */
function fusedAdamBlas(): NativeBlas | null {
  if (tf.getBackend() !== 'wasm') return null;
  const blas = installedKernels();
  return blas !== null && typeof blas.adam === 'function' ? blas : null;
}

/** Whether `FusedAdam` can run on the active backend. */
export function fusedAdamAvailable(): boolean {
  return fusedAdamBlas() !== null;
}

/** `tf.train.adam` with the fused update; tfjs's defaults β₁ 0.9, β₂ 0.999, ε the backend's epsilon (1e-7). */
export class FusedAdam extends tf.Optimizer {
  static get className(): string {
    return 'FusedAdam';
  }
  private readonly moments = new Map<string, { m: tf.Tensor; v: tf.Tensor }>();
  /** β₁ᵗ and β₂ᵗ, in float32 as tfjs keeps them (its 1 − β₂ᵗ is then 1.3e-5 off at t = 1: we match it) */
  private accBeta1 = 1;
  private accBeta2 = 1;

  constructor(
    /** read at every step: a schedule may change it between steps (src/train/learning-rate.ts) */
    public learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = tf.backend().epsilon(),
  ) {
    super();
  }

  applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const blas = fusedAdamBlas();
    if (blas === null) throw new Error('FusedAdam needs the native kernels on the wasm backend (see fusedAdamAvailable)');
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const f = Math.fround;
    this.accBeta1 = this.iterations === 0 ? f(this.beta1) : f(this.accBeta1 * f(this.beta1));
    this.accBeta2 = this.iterations === 0 ? f(this.beta2) : f(this.accBeta2 * f(this.beta2));
    const backend = tf.backend() as unknown as WasmBackend;
    const updates: { x: tf.Variable; g: tf.Tensor; m: tf.Tensor; v: tf.Tensor; fresh?: tf.TensorInfo }[] = [];
    for (const { name, tensor: g } of named) {
      const x = tf.engine().registeredVariables[name];
      if (x === undefined || !x.trainable || g == null) continue;
      let state = this.moments.get(name);
      if (state === undefined) {
        state = { m: tf.keep(tf.zerosLike(x)), v: tf.keep(tf.zerosLike(x)) };
        this.moments.set(name, state);
      }
      const shared = backend.refCount(x.dataId) > 1;
      updates.push({ x, g, ...state, fresh: shared ? backend.makeOutput(x.shape, 'float32') : undefined });
    }
    const ops = new Float64Array(6 * updates.length);
    updates.forEach((u, i) => {
      ops.set([...offsetsOf(backend, [u.x, u.g, u.m, u.v, u.fresh ?? u.x], 'FusedAdam'), u.x.size], 6 * i);
    });
    // the heap view after every makeOutput (which may grow the memory)
    blas.adam(heapOf(backend), ops, this.learningRate, this.beta1, this.beta2, this.epsilon, f(1 - this.accBeta1), f(1 - this.accBeta2));
    for (const u of updates) {
      if (u.fresh === undefined) continue;
      const next = tf.engine().makeTensorFromTensorInfo(u.fresh);
      u.x.assign(next);
      next.dispose();
    }
    this.incrementIterations();
  }

  override dispose(): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
