import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { NativeBlas } from './native-blas';
import { type WasmBackend, heapOf, offsetOf } from './wasm-heap';

/**
 * Adam (Kingma & Ba 2015) as one kernel per variable on the 'wasm' backend,
 * the same update as `tf.train.adam`:
 *
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
 *   x ← x − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
 *
 * Why: tfjs's Adam runs ~10 elementwise kernels per variable (each a JS call
 * into the backend and a fresh buffer): ~400 of the ~1,000 kernel calls of a
 * PLE training step. Here it is one pass over each variable, in C through
 * the OpenBLAS addon, in float32 as tfjs's kernels (updates agree to float
 * rounding: test/ops/fused-adam.test.ts). Only with the addon: a JS loop over
 * the heap was slower than tfjs's SIMD kernels on the WASM-only path. The moments are the optimizer's own and are
 * updated in place; the variable gets a new buffer, because a tensor cloned
 * from it (early stopping's weight snapshot, through the buffer-sharing
 * Identity) may share the old one.
 */
const KERNEL = 'PleAdamUpdate';

interface AdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ for this step */
  correction1: number;
  correction2: number;
}

/** The 'wasm' kernel over the addon; registered with the native kernels (src/ops/native-kernels.ts). */
export function adamKernel(blas: NativeBlas): KernelConfig {
  return {
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, g, m, v } = inputs as Record<'x' | 'g' | 'm' | 'v', TensorInfo>;
      const b = backend as unknown as WasmBackend;
      const out = b.makeOutput(x.shape, 'float32');
      const [xo, go, mo, vo, oo] = [x, g, m, v, out].map((t) => offsetOf(b, t));
      const n = tf.util.sizeFromShape(x.shape);
      const a = attrs as unknown as AdamAttrs;
      if ([xo, go, mo, vo, oo].some((o) => o < 0)) throw new Error('PleAdamUpdate: a tensor is not 4-byte aligned on the wasm heap');
      blas.adam(heapOf(b), n, xo, go, mo, vo, oo, a.learningRate, a.beta1, a.beta2, a.epsilon, a.correction1, a.correction2);
      return out;
    },
  };
}

/** Whether `FusedAdam` can run on the active backend (the native kernels are installed and it is 'wasm'). */
export function fusedAdamAvailable(): boolean {
  return tf.getKernel(KERNEL, tf.getBackend()) !== undefined;
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
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = tf.backend().epsilon(),
  ) {
    super();
  }

  applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const f = Math.fround;
    this.accBeta1 = this.iterations === 0 ? f(this.beta1) : f(this.accBeta1 * f(this.beta1));
    this.accBeta2 = this.iterations === 0 ? f(this.beta2) : f(this.accBeta2 * f(this.beta2));
    const attrs: AdamAttrs = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      correction1: f(1 - this.accBeta1),
      correction2: f(1 - this.accBeta2),
    };
    for (const { name, tensor: g } of named) {
      const x = tf.engine().registeredVariables[name];
      if (x === undefined || !x.trainable || g == null) continue;
      let state = this.moments.get(name);
      if (state === undefined) {
        state = { m: tf.keep(tf.zerosLike(x)), v: tf.keep(tf.zerosLike(x)) };
        this.moments.set(name, state);
      }
      const next = tf.engine().runKernel(KERNEL, { x, g, m: state.m, v: state.v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
      x.assign(next);
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
