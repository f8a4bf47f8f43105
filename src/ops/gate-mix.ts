import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { NativeBlas } from './native-blas';
import { type WasmBackend, heapOf, offsetsOf } from './wasm-heap';

/**
 * The gated mixture of MMoE, CGC and PLE (PLE Eq. 1): Σ_e w[:, e] · E_e, for
 * softmax weights w [batch, experts] and expert outputs E_e [batch, units].
 *
 * With tf ops that is a split of w, one broadcast Multiply per expert and an
 * AddN; the backward pass adds two Multiply, two Cast and a Sum per expert
 * (tfjs's Multiply gradient), ~30 kernels per gate. With the native addon's
 * kernels installed it is one C kernel forward and one backward
 * (`PleGateMix`, `PleGateMixGrad`), equal to the tf ops up to float rounding
 * (test/ops/gate-mix.test.ts).
 */
const FORWARD = 'PleGateMix';
const BACKWARD = 'PleGateMixGrad';

/** The forward and backward 'wasm' kernels over the addon; registered with the native kernels (src/ops/native-kernels.ts). */
export function gateMixKernels(blas: NativeBlas): KernelConfig[] {
  return [
    {
      kernelName: FORWARD,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend }) => {
        const { w, ...experts } = inputs as Record<string, TensorInfo>;
        const es = Object.keys(experts).map((_, i) => experts[`e${i}`]);
        const b = backend as unknown as WasmBackend;
        const [batch, units] = es[0].shape;
        const out = b.makeOutput([batch, units], 'float32');
        const [wo, oo, ...eo] = offsetsOf(b, [w, out, ...es], FORWARD);
        blas.gateMix(heapOf(b), batch, units, wo, eo, oo);
        return out;
      },
    },
    {
      kernelName: BACKWARD,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend }) => {
        const { dy, w, ...experts } = inputs as Record<string, TensorInfo>;
        const es = Object.keys(experts).map((_, i) => experts[`e${i}`]);
        const b = backend as unknown as WasmBackend;
        const [batch, units] = dy.shape;
        const dw = b.makeOutput(w.shape, 'float32');
        const des = es.map(() => b.makeOutput([batch, units], 'float32'));
        const [dyo, wo, dwo, ...rest] = offsetsOf(b, [dy, w, dw, ...es, ...des], BACKWARD);
        blas.gateMixGrad(heapOf(b), batch, units, dyo, wo, rest.slice(0, es.length), dwo, rest.slice(es.length));
        return [dw, ...des];
      },
    },
  ];
}

/** Σ_e w[:, e] · experts[e] with tf ops (any backend; the reference for the kernels). */
export function gateMixOps(w: tf.Tensor2D, experts: tf.Tensor2D[]): tf.Tensor2D {
  const columns = experts.length === 1 ? [w] : tf.split(w, experts.length, 1); // experts × [batch, 1]
  const weighted = experts.map((e, i) => tf.mul(e, columns[i])); // experts × [batch, units]
  return (weighted.length === 1 ? weighted[0] : tf.addN(weighted)) as tf.Tensor2D;
}

const fused = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const save = args.pop() as tf.GradSaveFunc;
  const [w, ...experts] = args as tf.Tensor2D[];
  const named = (ts: tf.Tensor[]) => Object.fromEntries(ts.map((t, i) => [`e${i}`, t]));
  const value = tf.engine().runKernel(FORWARD, { w, ...named(experts) }, {}) as tf.Tensor2D;
  save([w, ...experts]);
  return {
    value,
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [sw, ...se] = saved;
      return tf.engine().runKernel(BACKWARD, { dy: dy as tf.Tensor, w: sw, ...named(se) }, {}) as tf.Tensor[];
    },
  };
}) as (...xs: tf.Tensor[]) => tf.Tensor2D;

/** Σ_e w[:, e] · experts[e]: w [batch, experts] (float32), experts × [batch, units] → [batch, units]. */
export function gateMix(w: tf.Tensor2D, experts: tf.Tensor2D[]): tf.Tensor2D {
  const native =
    tf.getKernel(FORWARD, tf.getBackend()) !== undefined && experts.length >= 2 && experts.length <= 64 && w.dtype === 'float32';
  return native ? fused(w, ...experts) : gateMixOps(w, experts);
}
