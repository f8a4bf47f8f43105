import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { gateMix } from './gate-mix';
import type { NativeBlas } from './native-blas';
import { type WasmBackend, heapOf, offsetsOf } from './wasm-heap';

/**
 * The mixtures of several gates over one bank of experts that all read the
 * same input (MMoE's experts, the first level of CGC and PLE): the bank is
 * one fused matmul h [batch, experts·units], expert x in columns
 * [x·units, (x+1)·units), and gate g mixes the experts `members[g]` with its
 * softmax weights w_g: y_g = Σ_e w_g[:, e] · h[:, members[g][e]].
 *
 * As tf ops (and as `gateMix` per gate) that is a split of h into experts,
 * a mixture per gate, and in the backward pass one gradient per gate and
 * expert, an Add for every expert that more than one gate mixes, and a
 * Concat. With the native addon it is one C kernel each way
 * (`PleBankMix`, `PleBankMixGrad`) that reads each row of h once for every
 * gate and writes h's gradient in place; the same products, summed in the
 * order tfjs's backward pass adds them, so the same bits
 * (test/ops/bank-mix.test.ts).
 */
const FORWARD = 'PleBankMix';
const BACKWARD = 'PleBankMixGrad';

/** The kernels' attributes: experts' width, and the gates' expert indices, flat, with their counts. */
interface BankAttrs {
  units: number;
  counts: number[];
  members: number[];
}

/** The Float64Array plan of the addon's bankMix/bankMixGrad: per gate E, w, y, dw, then its E expert indices. */
function plan(a: BankAttrs, w: number[], y: number[], dw: number[] | null): Float64Array {
  const out: number[] = [];
  let at = 0;
  a.counts.forEach((E, g) => {
    out.push(E, w[g], y[g], dw === null ? -1 : dw[g], ...a.members.slice(at, (at += E)));
  });
  return Float64Array.from(out);
}

const inputsOf = (inputs: Record<string, TensorInfo>, prefix: string, count: number) =>
  Array.from({ length: count }, (_, g) => inputs[`${prefix}${g}`]);
const named = (prefix: string, ts: tf.Tensor[]) => Object.fromEntries(ts.map((t, i) => [`${prefix}${i}`, t]));

/** The forward and backward 'wasm' kernels over the addon; registered with the native kernels (src/ops/native-kernels.ts). */
export function bankMixKernels(blas: NativeBlas): KernelConfig[] {
  return [
    {
      kernelName: FORWARD,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        // inputs [h, w_0 … w_{G−1}]: an array, as tfjs's saveAllInputs wants
        const a = attrs as unknown as BankAttrs;
        const [h, ...ws] = inputs as unknown as TensorInfo[];
        const b = backend as unknown as WasmBackend;
        const [batch, width] = h.shape;
        const ys = ws.map(() => b.makeOutput([batch, a.units], 'float32'));
        const [ho, ...rest] = offsetsOf(b, [h, ...ws, ...ys], FORWARD);
        const G = ws.length;
        blas.bankMix(heapOf(b), plan(a, rest.slice(0, G), rest.slice(G), null), batch, a.units, width, ho);
        return ys;
      },
    },
    {
      kernelName: BACKWARD,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const a = attrs as unknown as BankAttrs;
        const named = inputs as Record<string, TensorInfo>;
        const b = backend as unknown as WasmBackend;
        const G = a.counts.length;
        const h = named.h;
        const ws = inputsOf(named, 'w', G);
        const dys = inputsOf(named, 'dy', G);
        const dh = b.makeOutput(h.shape, 'float32');
        const dws = ws.map((w) => b.makeOutput(w.shape, 'float32'));
        const [ho, dho, ...rest] = offsetsOf(b, [h, dh, ...ws, ...dys, ...dws], BACKWARD);
        const [batch, width] = h.shape;
        blas.bankMixGrad(heapOf(b), plan(a, rest.slice(0, G), rest.slice(G, 2 * G), rest.slice(2 * G)), batch, a.units, width, ho, dho);
        return [dh, ...dws];
      },
    },
  ];
}

/** The forward kernel's gradient: one backward kernel call for h and every gate's weights (inputs 0 and 1 … G). */
tf.registerGradient({
  kernelName: FORWARD,
  saveAllInputs: true,
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const [h, ...ws] = saved;
    const dys = Array.isArray(dy) ? dy : [dy];
    // now, not in the first input's gradient function: tfjs runs each of those in a tidy of its own
    const grads = tf.engine().runKernel(BACKWARD, { h, ...named('w', ws), ...named('dy', dys) }, attrs) as tf.Tensor[];
    return Object.fromEntries(grads.map((g, i) => [String(i), () => g]));
  },
} satisfies GradConfig);

/** Whether bankMix runs the addon's kernels here (they are registered for the current backend). */
export function bankMixIsNative(): boolean {
  return tf.getKernel(FORWARD, tf.getBackend()) !== undefined;
}

/**
 * y_g = Σ_e w_g[:, e] · h[:, members[g][e]·units …] for each gate g: h [batch,
 * experts·units], w_g [batch, members[g].length] → gates × [batch, units].
 * Without the addon's kernels: a split of h and `gateMix` per gate.
 */
export function bankMix(h: tf.Tensor2D, weights: tf.Tensor2D[], members: number[][], units: number): tf.Tensor2D[] {
  const experts = h.shape[1] / units;
  if (!bankMixIsNative() || experts > 64 || members.some((m) => m.length > 64) || weights.length > 64) {
    const split = experts === 1 ? [h] : (tf.split(h, experts, 1) as tf.Tensor2D[]);
    return weights.map((w, g) => gateMix(w, members[g].map((x) => split[x])));
  }
  const attrs: BankAttrs = { units, counts: members.map((m) => m.length), members: members.flat() };
  const inputs = [h, ...weights] as unknown as tf.NamedTensorMap; // an array: see the gradient above
  const out = tf.engine().runKernel(FORWARD, inputs, attrs as unknown as NamedAttrMap);
  return (Array.isArray(out) ? out : [out]) as tf.Tensor2D[];
}
