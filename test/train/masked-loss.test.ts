import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../src/models';
import { maskedTaskLoss, maskedTaskLossOps, mtlLoss } from '../../src/train/masked-loss';
import { installNativeKernels, nativeKernelsInstalled, uninstallNativeKernels } from '../../src/ops/native-kernels';
import { expectClose } from '../ops/expect-close';
import { inputSpec, taskHeads } from '../../src/train/build-context';
import { HARD_SHARING, tinyConfig, tinyPacked } from './fixtures';
import { disposeBatch, sliceBatch } from '../../src/train/batches';
import { selectBackend } from '../../src/backend';
import { pinKernelSource } from '../../src/ops/kernel-source';
import { KERNEL_SOURCES } from '../ops/kernel-sources';

beforeAll(() => selectBackend('wasm'));

const t1 = (v: number[]) => tf.tensor1d(v);

describe('maskedTaskLoss', () => {
  test('binary: sigmoid cross-entropy from logits, averaged over the task rows', () => {
    const l = maskedTaskLoss(t1([0, 2, -1]), t1([1, 0, 1]), t1([1, 1, 0]), 'binary');
    const expected = (Math.log(2) + 2 + Math.log1p(Math.exp(-2))) / 2;
    expect(l.dataSync()[0]).toBeCloseTo(expected, 5);
  });

  test('regression: squared error over the task rows', () => {
    const l = maskedTaskLoss(t1([0.5, 1, 2]), t1([0, 1, 0]), t1([1, 0, 1]), 'regression');
    expect(l.dataSync()[0]).toBeCloseTo((0.25 + 4) / 2, 6);
  });

  test('stable for large logits', () => {
    const l = maskedTaskLoss(t1([100, -100]), t1([0, 1]), t1([1, 1]), 'binary');
    expect(l.dataSync()[0]).toBeCloseTo(100, 3);
  });

  test('a batch without a row of the task adds 0 with a zero gradient', () => {
    const out = t1([0.3, -2, 5]);
    const { value, grads } = tf.valueAndGrads((o) => maskedTaskLoss(o as tf.Tensor1D, t1([1, 0, 1]), t1([0, 0, 0]), 'binary'))([out]);
    expect(value.dataSync()[0]).toBe(0);
    expect(Array.from(grads[0].dataSync())).toEqual([0, 0, 0]);
  });
});

/** L and dL/d output for 300 rows: outputs, labels and a mask with zeros from a fixed seed; a few logits far out. */
function lossAndGrad(loss: typeof maskedTaskLoss, type: 'binary' | 'regression'): number[][] {
  return tf.tidy(() => {
    const out = tf.randomNormal([300], 0, 3, 'float32', 1).add(tf.oneHot([7, 8], 300).sum(0).mul(tf.tensor1d([60]))) as tf.Tensor1D;
    const uniform = tf.randomUniform([300], 0, 1, 'float32', 2);
    const labels = (type === 'binary' ? uniform.greater(0.6).toFloat() : uniform) as tf.Tensor1D;
    const mask = tf.randomUniform([300], 0, 1, 'float32', 3).greater(0.3).toFloat() as tf.Tensor1D;
    const { value, grads } = tf.valueAndGrads((o) => loss(o as tf.Tensor1D, labels, mask, type))([out]);
    return [Array.from(value.dataSync()), Array.from(grads[0].dataSync())];
  });
}

describe.each(KERNEL_SOURCES.length > 0 ? KERNEL_SOURCES : (['none'] as const))('the loss kernel (%s kernels)', (source) => {
  const native = source !== 'none';
  beforeAll(() => {
    if (!native) return;
    uninstallNativeKernels();
    pinKernelSource(source);
    installNativeKernels({ threads: 1 });
  });
  afterAll(() => {
    // back to what selectBackend installed, for the rest of the file
    uninstallNativeKernels();
    pinKernelSource(undefined);
    if (KERNEL_SOURCES.length > 0) installNativeKernels({ threads: 1 });
  });

  (native ? test.each(['binary', 'regression'] as const) : test.skip.each(['binary', 'regression'] as const))(
    '%s: the loss and its gradient match the tf ops',
    (type) => {
      expect(nativeKernelsInstalled()).toBe(true);
      expectClose(lossAndGrad(maskedTaskLoss, type), lossAndGrad(maskedTaskLossOps, type), `${type} loss`);
    },
  );

  (native ? test : test.skip)('a NaN output makes the loss and its gradient NaN, masked or not', () => {
    for (const mask of [1, 0]) {
      const { value, grads } = tf.valueAndGrads((o) => maskedTaskLoss(o as tf.Tensor1D, t1([1, 0]), t1([1, mask]), 'binary'))([t1([0.5, NaN])]);
      expect(value.dataSync()[0]).toBeNaN();
      expect(grads[0].dataSync()[1]).toBeNaN();
    }
  });

  test('without the native kernels the loss is the tf ops', () => {
    uninstallNativeKernels();
    expect(lossAndGrad(maskedTaskLoss, 'binary')).toEqual(lossAndGrad(maskedTaskLossOps, 'binary'));
  });
});

describe('mtlLoss', () => {
  test('Σ ω_k L_k plus penalty', () => {
    const { total, perTask } = mtlLoss(
      [t1([0]), t1([1])],
      [t1([1]), t1([3])],
      [t1([1]), t1([1])],
      ['binary', 'regression'],
      [2, 0.5],
      tf.scalar(0.25),
    );
    expect(perTask[1].dataSync()[0]).toBeCloseTo(4, 6);
    expect(total.dataSync()[0]).toBeCloseTo(2 * Math.log(2) + 0.5 * 4 + 0.25, 5);
  });

  test("an all-masked batch sends zero gradient to that task's tower, not to the others", () => {
    const config = tinyConfig();
    const model = buildModel(HARD_SHARING.arch, HARD_SHARING.args, { input: inputSpec(config), tasks: taskHeads(config), seed: 1 });
    const data = tinyPacked(64, 7);
    for (let i = 0; i < data.rows; i++) data.masks[i * 2 + 1] = 0; // no row of `watch`
    const batch = sliceBatch(data, 0, data.rows, 2);
    const { value, grads } = tf.variableGrads(() => {
      const out = model.apply(batch.inputs);
      return mtlLoss(out.outputs, batch.labels, batch.masks, ['binary', 'regression'], [1, 1], null).total;
    }, model.variables);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    const norm = (match: string) =>
      model.variables
        .filter((v) => v.name.includes(match))
        .reduce((s, v) => s + tf.sum(tf.abs(grads[v.name])).dataSync()[0], 0);
    expect(norm('tower_watch/')).toBe(0);
    expect(norm('tower_click/')).toBeGreaterThan(0);
    disposeBatch(batch);
    model.dispose();
  });
});
