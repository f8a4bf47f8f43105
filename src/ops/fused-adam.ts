import * as tf from '@tensorflow/tfjs';
import { type NativeBlas, loadNativeBlas } from './native-blas';
import { nativeKernelsInstalled } from './native-kernels';
import { type WasmBackend, heapOf, offsetsOf } from './wasm-heap';

/**
 * Adam (Kingma & Ba 2015) on the 'wasm' backend as one pass per training
 * step over every variable, the same update as `tf.train.adam`:
 *
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
 *   x ← x − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
 *
 * Why: tfjs's Adam runs ~10 elementwise kernels per variable (each a JS call
 * into the backend and a fresh buffer): ~400 of the ~1,000 kernel calls of a
 * PLE training step. The pass is the native addon's C loop where the native
 * kernels run, else the same float32 arithmetic in JS (`adamInJs`: the same
 * bits); updates agree with tfjs's to float rounding
 * (test/ops/fused-kernels.test.ts). The JS pass made a study-sized PLE step
 * on the WASM-only path ~5% faster than tfjs's kernels (batch 512, steps
 * alternating in one process), and a paper-sized one no slower.
 *
 * The moments are the optimizer's own and are updated in place. A variable is
 * updated in place too where the native kernels run and nothing else holds
 * its buffer; otherwise it gets a new buffer: a clone through the
 * buffer-sharing Identity (e.g. early stopping's weight snapshot) keeps its
 * values, and without the native kernels XNNPACK, which packs a matmul's
 * weights once per buffer, never sees a buffer change under it.
 */

/** One Adam step over every variable on the heap: `ops` holds (x, g, m, v, out, n) per variable, as the addon's `adam`. */
type AdamPass = NativeBlas['adam'];

/**
 * The addon's `adam` in JS, for the WASM-only path: float32 arithmetic as the
 * C loop does it (every product, sum, quotient and square root rounded to
 * float32 with Math.fround, which double precision makes exact), so the two
 * give the same bits.
 */
export const adamInJs: AdamPass = (heap, ops, lr, beta1, beta2, epsilon, k1, k2) => {
  const f = Math.fround;
  const [rate, b1, b2, eps, c1, c2] = [f(lr), f(beta1), f(beta2), f(epsilon), f(1 - beta1), f(1 - beta2)];
  const [q1, q2] = [f(k1), f(k2)];
  for (let t = 0; t < ops.length; t += 6) {
    const [x, g, m, v, out, n] = [ops[t], ops[t + 1], ops[t + 2], ops[t + 3], ops[t + 4], ops[t + 5]];
    for (let i = 0; i < n; i++) {
      const gi = heap[g + i];
      const mi = f(f(b1 * heap[m + i]) + f(c1 * gi));
      const vi = f(f(b2 * heap[v + i]) + f(c2 * f(gi * gi)));
      heap[m + i] = mi;
      heap[v + i] = vi;
      heap[out + i] = f(heap[x + i] - f(rate * f(f(mi / q1) / f(f(Math.sqrt(f(vi / q2))) + eps))));
    }
  }
};

/**
 * The Adam pass for the active backend: the addon's C loop where the native
 * kernels run, the JS one on the WASM-only path, null off 'wasm'.
 */
function adamPass(): AdamPass | null {
  if (tf.getBackend() !== 'wasm') return null;
  const blas = nativeKernelsInstalled() ? loadNativeBlas() : null;
  return blas !== null && typeof blas.adam === 'function' ? blas.adam : adamInJs;
}

/** Whether `FusedAdam` can run on the active backend. */
export function fusedAdamAvailable(): boolean {
  return adamPass() !== null;
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
    const adam = adamPass();
    if (adam === null) throw new Error('FusedAdam needs the wasm backend (see fusedAdamAvailable)');
    // without the native kernels, XNNPACK's matmuls keep their weights packed by buffer: never write one in place
    const inPlace = nativeKernelsInstalled();
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
      const shared = !inPlace || backend.refCount(x.dataId) > 1;
      updates.push({ x, g, ...state, fresh: shared ? backend.makeOutput(x.shape, 'float32') : undefined });
    }
    const ops = new Float64Array(6 * updates.length);
    updates.forEach((u, i) => {
      ops.set([...offsetsOf(backend, [u.x, u.g, u.m, u.v, u.fresh ?? u.x], 'FusedAdam'), u.x.size], 6 * i);
    });
    // the heap view after every makeOutput (which may grow the memory)
    adam(heapOf(backend), ops, this.learningRate, this.beta1, this.beta2, this.epsilon, f(1 - this.accBeta1), f(1 - this.accBeta2));
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
