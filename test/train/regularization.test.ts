import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { MODELS, buildModel, logicalName } from '../../src/models';
import type { MtlModel } from '../../src/models/types';
import { FusedAdam } from '../../src/ops/fused-adam';
import { installPlainMatMulGradient } from '../../src/ops/matmul-gradient';
import { installNativeKernels, uninstallNativeKernels } from '../../src/ops/native-kernels';
import type { TensorBatch } from '../../src/train/batches';
import { makeOptimizer } from '../../src/train/optimizer';
import { trainStep } from '../../src/train/train-step';
import { trainJob } from '../../src/train/trainer';
import { decays } from '../../src/train/weight-decay';
import { tinyConfig, tinySplit } from './fixtures';
import { TWO_TASKS, context, makeData } from '../models/fixture';
import { type KernelSource, pinKernelSource } from '../../src/ops/kernel-source';
import { KERNEL_SOURCES } from '../ops/kernel-sources';

const ARGS = { bottom: [8], tower: [6] };
const values = (model: MtlModel) => model.variables.map((v) => Float64Array.from(v.dataSync()));
const types = TWO_TASKS.map((t) => t.type);

function batchOf(rows = 32): TensorBatch {
  const data = makeData(TWO_TASKS, rows, 5);
  return { rows, inputs: data.batch, labels: data.labels, masks: data.labels.map(() => tf.ones([rows]) as tf.Tensor1D) };
}
const disposeBatch = (b: TensorBatch) => tf.dispose([b.inputs.categorical, b.inputs.numeric!, ...b.labels, ...b.masks]);

/** Each variable's change in one step of `optimizer` with weight decay λ, from the same start. */
function update(optimizer: () => tf.Optimizer, lambda: number, arch = 'hard_sharing', args: Record<string, unknown> = ARGS): { delta: Float64Array[]; start: Float64Array[]; model: MtlModel } {
  const model = buildModel(arch, args, context(TWO_TASKS, 4));
  const batch = batchOf();
  const start = values(model);
  const opt = optimizer();
  trainStep(model, opt, batch, types, [1, 1], [], lambda);
  const delta = values(model).map((v, i) => v.map((x, j) => x - start[i][j]));
  opt.dispose();
  disposeBatch(batch);
  return { delta, start, model };
}

describe('L2 weight decay', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  test('decays weight matrices and embedding tables, not biases or mixing weights', () => {
    const model = buildModel('cross_stitch', { layers: [4], tower: [3] }, context(TWO_TASKS, 1));
    const decayed = model.variables.filter(decays).map(logicalName);
    expect(decayed).toContain('embedding_user/table');
    expect(decayed).toContain('columns/layer_0/kernel');
    expect(decayed).toContain('tower_vtr/out/kernel');
    expect(decayed.some((n) => n.endsWith('/bias') || n.includes('alpha'))).toBe(false);
    model.dispose();
  });

  test('with SGD, a step moves each decayed weight by a further −η·λ·w, and nothing else', () => {
    const [eta, lambda] = [0.1, 0.5];
    const plain = update(() => tf.train.sgd(eta), 0);
    const decayed = update(() => tf.train.sgd(eta), lambda);
    plain.model.variables.forEach((v, i) => {
      for (let j = 0; j < v.size; j++) {
        const extra = decayed.delta[i][j] - plain.delta[i][j];
        expect(extra).toBeCloseTo(decays(v) ? -eta * lambda * plain.start[i][j] : 0, 6);
      }
    });
    plain.model.dispose();
    decayed.model.dispose();
  });

  test('off by default: every architecture takes dropout 0 and weight_decay 0, and a step with λ = 0 is the plain step, bit for bit', () => {
    for (const spec of Object.values(MODELS)) expect(spec.args.parse({})).toMatchObject({ dropout: 0, weight_decay: 0 });
    const plain = update(() => tf.train.adam(0.01), 0);
    const zero = update(() => tf.train.adam(0.01), 0);
    expect(zero.delta).toEqual(plain.delta);
    plain.model.dispose();
    zero.model.dispose();
  });
});

/** Adam's first step from gradient g: −lr · g / (|g| + ε) (m̂ = g, v̂ = g²). */
function firstAdamStep(g: number, lr: number): number {
  return (-lr * g) / (Math.abs(g) + 1e-7);
}

/** The gradient each variable gets without decay, at the model's start. */
function gradients(): Float64Array[] {
  const model = buildModel('hard_sharing', ARGS, context(TWO_TASKS, 4));
  const batch = batchOf();
  const sgd = tf.train.sgd(1);
  const start = values(model);
  trainStep(model, sgd, batch, types, [1, 1], [], 0);
  const g = values(model).map((v, i) => v.map((x, j) => start[i][j] - x));
  sgd.dispose();
  disposeBatch(batch);
  model.dispose();
  return g;
}


const PATHS: [string, 'cpu' | 'wasm', KernelSource | false][] = [
  ['the tf ops (tf.train.adam on the CPU backend)', 'cpu', false],
  ['the tf ops on WebAssembly (tf.train.adam)', 'wasm', false],
  ...KERNEL_SOURCES.map((s) => [`ple's fused Adam (the ${s} kernels on WebAssembly)`, 'wasm', s] as [string, 'wasm', KernelSource]),
];

describe.each(PATHS)('weight decay through %s', (_name, backend, source) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    if (backend === 'wasm') installPlainMatMulGradient();
    if (source) {
      pinKernelSource(source);
      installNativeKernels({ threads: 1 });
    }
  });
  afterAll(() => {
    uninstallNativeKernels();
    pinKernelSource(undefined);
  });

  test('Adam sees g + λ·w for a decayed weight and g for the rest', () => {
    const lr = 0.01;
    const lambda = 3;
    expect(makeOptimizer({ optimizer: 'adam', learning_rate: lr }).constructor === FusedAdam).toBe(source !== false);
    const g = gradients();
    const decayed = update(() => makeOptimizer({ optimizer: 'adam', learning_rate: lr }), lambda);
    let flipped = 0;
    decayed.model.variables.forEach((v, i) => {
      for (let j = 0; j < v.size; j++) {
        const expected = firstAdamStep(g[i][j] + (decays(v) ? lambda * decayed.start[i][j] : 0), lr);
        expect(Math.abs(decayed.delta[i][j] - expected)).toBeLessThan(2e-6);
        if (Math.sign(expected) !== Math.sign(firstAdamStep(g[i][j], lr))) flipped++;
      }
    });
    expect(flipped).toBeGreaterThan(10); // the decay changed the direction of many updates
    decayed.model.dispose();
  });
});

describe('dropout', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const outputs = (model: MtlModel, batch: TensorBatch, training: boolean) => model.apply(batch.inputs, { training }).outputs.map((t) => Array.from(t.dataSync()));

  test.each(['hard_sharing', 'single_task', 'mmoe', 'cgc', 'ple', 'cross_stitch', 'sluice', 'customized', 'asymmetric', 'ml_mmoe'])(
    '%s: training passes draw masks (seeded, new each pass); inference never drops',
    (arch) => {
      const batch = batchOf(16);
      const args = { ...(arch === 'cross_stitch' || arch === 'sluice' ? { layers: [8, 6] } : {}), tower: [6], dropout: 0.5 };
      const a = buildModel(arch, args, context(TWO_TASKS, 2));
      const b = buildModel(arch, args, context(TWO_TASKS, 2));
      const inference = outputs(a, batch, false);
      expect(outputs(a, batch, false)).toEqual(inference);
      const first = outputs(a, batch, true);
      expect(first).not.toEqual(inference);
      expect(outputs(b, batch, true)).toEqual(first); // the same seed draws the same masks
      expect(outputs(a, batch, true)).not.toEqual(first); // the next pass draws new ones
      const none = buildModel(arch, { ...args, dropout: 0 }, context(TWO_TASKS, 2));
      expect(outputs(none, batch, true)).toEqual(inference);
      [a, b, none].forEach((m) => m.dispose());
      disposeBatch(batch);
    },
  );

  test('a training step with dropout leaves no tensor behind and changes the weights', () => {
    const model = buildModel('ple', { levels: 2, expert_units: [8], tower: [6], dropout: 0.3 }, context(TWO_TASKS, 1));
    const batch = batchOf();
    const opt = tf.train.adam(0.01);
    trainStep(model, opt, batch, types, [1, 1]); // warm-up: the optimizer's moments
    const before = tf.memory().numTensors;
    const start = values(model);
    const { losses } = trainStep(model, opt, batch, types, [1, 1]);
    expect(tf.memory().numTensors).toBe(before);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(values(model)).not.toEqual(start);
    opt.dispose();
    model.dispose();
    disposeBatch(batch);
  });
});

describe('a job trained with dropout and weight decay', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  test('is finite and the same on every run of it; both change what it learns', async () => {
    const config = tinyConfig({ epochs: 2, batch_size: 256 });
    const data = tinySplit(1200, 200, 400);
    const job = (args: Record<string, unknown>) => trainJob({ config, model: { name: 'hs', arch: 'hard_sharing', args: { bottom: [16], tower: [8], ...args } }, seed: 3, data });
    const regularized = { dropout: 0.3, weight_decay: 0.01 };
    const [a, b, plain] = [await job(regularized), await job(regularized), await job({})];
    expect(a.status).toBe('ok');
    expect(Number.isFinite(a.metrics.click.auc)).toBe(true);
    expect(b.metrics).toEqual(a.metrics);
    expect(plain.metrics).not.toEqual(a.metrics);
  });
});

