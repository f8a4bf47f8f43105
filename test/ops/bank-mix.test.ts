import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { buildModel } from '../../src/models';
import { bankMix, bankMixIsNative, bankMixKernels } from '../../src/ops/bank-mix';
import { gateMixOps } from '../../src/ops/gate-mix';
import { installPlainMatMulGradient } from '../../src/ops/matmul-gradient';
import { installNativeKernels, installedKernels, uninstallNativeKernels } from '../../src/ops/native-kernels';
import { type WasmBackend, heapOf, offsetOf } from '../../src/ops/wasm-heap';
import type { TensorBatch } from '../../src/train/batches';
import { makeOptimizer } from '../../src/train/optimizer';
import { trainStep } from '../../src/train/train-step';
import { TWO_TASKS, context, makeData } from '../models/fixture';
import { expectClose } from './expect-close';
import { KERNEL_SOURCES, pinSource } from './kernel-sources';

/**
 * Several gates' mixtures over one bank of experts (src/ops/bank-mix.ts):
 * ple's kernels (the addon's, the WebAssembly ones: each source built here)
 * against the tf ops of a split and a mixture per gate, values and
 * gradients; training MMoE and PLE through them gives the same bits as
 * through the per-gate kernels; the kernels check their plan.
 */

beforeAll(async () => {
  await tf.setBackend('wasm');
  installPlainMatMulGradient();
});
afterEach(() => uninstallNativeKernels());

const rand = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);
const values = (ts: tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));

/** The gates' mixtures, and the gradients of Σ_g Σ mix_g·r_g with respect to h and every gate's weights. */
function mixAndGrads(
  mix: (h: tf.Tensor2D, ws: tf.Tensor2D[]) => tf.Tensor2D[],
  members: number[][],
  experts: number,
  batch: number,
  units: number,
): number[][] {
  return tf.tidy(() => {
    const h = rand([batch, experts * units], 1) as tf.Tensor2D;
    const ws = members.map((m, g) => tf.softmax(rand([batch, m.length], 10 + g)) as tf.Tensor2D);
    const rs = members.map((_, g) => rand([batch, units], 20 + g));
    const f = (...xs: tf.Tensor[]) =>
      tf.addN(mix(xs[0] as tf.Tensor2D, xs.slice(1) as tf.Tensor2D[]).map((y, g) => tf.sum(tf.mul(y, rs[g]))));
    return values([...mix(h, ws), ...tf.grads(f)([h, ...ws])]);
  });
}

/** The reference: h split per expert, Σ_e w_g[:, e]·E_e per gate with tf ops. */
const reference = (members: number[][], experts: number) => (h: tf.Tensor2D, ws: tf.Tensor2D[]) => {
  const split = tf.split(h, experts, 1) as tf.Tensor2D[];
  return ws.map((w, g) => gateMixOps(w, members[g].map((x) => split[x])));
};

const CASES: [string, number[][], number, number, number][] = [
  // PLE's first level: two task gates over (own, shared), the shared gate over all three
  ['PLE level', [[0, 2], [1, 2], [0, 1, 2]], 3, 33, 16],
  // members out of order, an expert (3) that no gate mixes: its gradient is 0
  ['unordered, one expert unmixed', [[2, 0], [1, 2, 0]], 4, 7, 9],
  ['one gate', [[1, 0, 2]], 3, 5, 1],
];

test('without the addon the bank mixture is the split and the per-gate tf ops', () => {
  uninstallNativeKernels();
  expect(bankMixIsNative()).toBe(false);
  const [, members, experts, batch, units] = CASES[0];
  const mix = (h: tf.Tensor2D, ws: tf.Tensor2D[]) => bankMix(h, ws, members, units);
  expect(mixAndGrads(mix, members, experts, batch, units)).toEqual(mixAndGrads(reference(members, experts), members, experts, batch, units));
});

if (KERNEL_SOURCES.length > 0) describe.each(KERNEL_SOURCES)('with the %s kernels', (source) => {
  pinSource(source);
  test.each(CASES)('%s: values and gradients match the tf ops', (_, members, experts, batch, units) => {
    const ops = mixAndGrads(reference(members, experts), members, experts, batch, units);
    installNativeKernels({ threads: 1 });
    expect(bankMixIsNative()).toBe(true);
    const fused = mixAndGrads((h, ws) => bankMix(h, ws, members, units), members, experts, batch, units);
    expectClose(fused, ops, 'bank mixture');
    // h's gradient in row 0 where expert 3, which no gate mixes, sits
    if (experts === 4) expect(fused[members.length].slice(3 * units, 4 * units)).toEqual(new Array(units).fill(0));
  });

  /** Three Adam steps of a model with one-layer experts: per-step losses, then every variable's values, as bits. */
  const ARGS = {
    mmoe: { experts: 3, expert_units: [16], tower: [8] },
    ml_mmoe: { levels: 2, experts: 3, expert_units: [16], tower: [8] },
    cgc: { experts_per_task: 1, shared_experts: 1, expert_units: [16], tower: [8] },
    ple: { levels: 2, experts_per_task: 1, shared_experts: 1, expert_units: [16], tower: [8] },
  };

  function training(arch: keyof typeof ARGS): number[][] {
    const rows = 48;
    const model = buildModel(arch, ARGS[arch], context(TWO_TASKS, 5));
    const data = makeData(TWO_TASKS, rows, 3);
    const batch: TensorBatch = { rows, inputs: data.batch, labels: data.labels, masks: data.labels.map(() => tf.ones([rows]) as tf.Tensor1D) };
    const optimizer = makeOptimizer({ optimizer: 'adam', learning_rate: 0.01 });
    const losses = Array.from({ length: 3 }, () => Array.from(trainStep(model, optimizer, batch, ['binary', 'regression'], [1, 1]).losses));
    const out = [...losses, ...values(model.variables)].map((v) => Array.from(new Uint32Array(Float32Array.from(v).buffer)));
    optimizer.dispose();
    model.dispose();
    tf.dispose([batch.inputs.categorical, batch.inputs.numeric!, ...batch.labels, ...batch.masks]);
    return out;
  }

  test.each(['mmoe', 'ml_mmoe', 'cgc', 'ple'] as const)('%s trains to the same bits as with a split and the per-gate kernels', (arch) => {
    installNativeKernels({ threads: 1 });
    const [forward, backward] = bankMixKernels(installedKernels()!);
    const bank = training(arch);
    tf.unregisterKernel(forward.kernelName, 'wasm');
    tf.unregisterKernel(backward.kernelName, 'wasm');
    expect(bankMixIsNative()).toBe(false);
    let split: number[][];
    try {
      split = training(arch);
    } finally {
      tf.registerKernel(forward);
      tf.registerKernel(backward);
    }
    expect(bank).toEqual(split);
  });

  test('the kernels check the plan: expert indices inside the bank, whole gates, operands on the heap', () => {
    installNativeKernels({ threads: 1 });
    const blas = installedKernels()!;
    const backend = tf.backend() as unknown as WasmBackend;
    const block = tf.zeros([4096]); // the operands' place on the wasm heap
    const at = offsetOf(backend, block);
    const heap = heapOf(backend);
    const ok = Float64Array.from([2, at, at + 100, -1, 0, 1]); // one gate: E 2, w at 0, y at 100, members 0 and 1
    expect(() => blas.bankMix(heap, ok, 4, 8, 16, at + 200)).not.toThrow();
    expect(() => blas.bankMix(heap, Float64Array.from([2, at, at + 100, -1, 0, 2]), 4, 8, 16, at + 200)).toThrow(/expert index 2 outside the bank's 2/);
    expect(() => blas.bankMix(heap, Float64Array.from([2, at, at + 100, -1, 0]), 4, 8, 16, at + 200)).toThrow(/malformed plan/);
    expect(() => blas.bankMix(heap, ok, 4, 8, 16, heap.length - 6)).toThrow(/outside the heap/);
    expect(() => blas.bankMix(heap, ok, 4, 8, 12, at + 200)).toThrow(/1 to 64 experts/);
    expect(() => blas.bankMixGrad(heap, ok, 4, 8, 16, at + 200, at + 300)).toThrow(/outside the heap/); // dw at -1
    block.dispose();
  });
});
