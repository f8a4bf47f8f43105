import * as tf from '@tensorflow/tfjs';
import { buildModel, logicalName } from '../../src/models';
import type { TaskHead } from '../../src/models/types';
import { entireSpaceLoss, mtlLoss } from '../../src/train/masked-loss';
import { TWO_TASKS, context, disposeData, gradsOfTask, makeData } from './fixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tower = { tower: [4] };
const FUNNEL: TaskHead[] = [
  { name: 'ctr', type: 'binary', sigmoidOutput: false },
  { name: 'cvr', type: 'binary', sigmoidOutput: false },
];

const allZero = (xs: number[] | undefined) => (xs ?? []).every((x) => x === 0);
const someNonZero = (xs: number[] | undefined) => (xs ?? []).some((x) => x !== 0);

describe('ESMM (Ma et al. 2018)', () => {
  test('a conditional task is trained through pCTCVR over its parent\'s rows (hand-computed)', () => {
    // pCTR = σ(0) = ½, pCVR = σ(ln 3) = ¾: pCTCVR = 3/8; rows: clicked and converted, clicked only, not clicked (mask 1 for all)
    const parent = tf.tensor1d([0, 0, 0]);
    const child = tf.tensor1d([Math.log(3), Math.log(3), Math.log(3)]);
    const loss = entireSpaceLoss(parent, child, tf.tensor1d([1, 1, 0]), tf.tensor1d([1, 0, 0]), tf.tensor1d([1, 1, 1]));
    const expected = -(Math.log(3 / 8) + 2 * Math.log(5 / 8)) / 3;
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
  });

  test('mtlLoss uses it only for a model that asks (entireSpace) and a task with a parent', () => {
    const outputs = [tf.tensor1d([0, 0]), tf.tensor1d([1, -1])];
    const labels = [tf.tensor1d([1, 0]), tf.tensor1d([1, 0])];
    const masks = [tf.tensor1d([1, 1]), tf.tensor1d([1, 0])];
    const plain = mtlLoss(outputs, labels, masks, ['binary', 'binary'], [1, 1], null, { parents: [null, 0], entireSpace: false });
    const whole = mtlLoss(outputs, labels, masks, ['binary', 'binary'], [1, 1], null, { parents: [null, 0], entireSpace: true });
    // plain: the child's log loss on its one masked-in row, −log σ(1)
    expect(plain.perTask[1].dataSync()[0]).toBeCloseTo(Math.log1p(Math.exp(-1)), 6);
    expect(whole.perTask[1].dataSync()[0]).toBeCloseTo(entireSpaceLoss(outputs[0], outputs[1], labels[0], labels[1], masks[0]).dataSync()[0], 7);
    expect(whole.perTask[0].dataSync()[0]).toBeCloseTo(plain.perTask[0].dataSync()[0], 7);
  });

  test('the model says so, and each task has its own network over the shared embedding', () => {
    const model = buildModel('esmm', { bottom: [4], ...tower }, context([FUNNEL[0], { ...FUNNEL[1], conditionalOn: 'ctr' }]));
    expect(model.entireSpace).toBe(true);
    const g = gradsOfTask(model, 1, FUNNEL);
    expect(allZero(g['bottom_ctr/dense_0/kernel'])).toBe(true);
    expect(someNonZero(g['bottom_cvr/dense_0/kernel'])).toBe(true);
    expect(someNonZero(g['embedding_user/table'])).toBe(true);
    model.dispose();
  });
});

describe('AITM (Xi et al. 2021)', () => {
  test('the first task attends over nothing; the second over [what the first transfers, its own], weights summing to 1', () => {
    const model = buildModel('aitm', { bottom: [4], ...tower }, context(FUNNEL));
    const data = makeData(FUNNEL, 16);
    const out = model.apply(data.batch, { gates: true });
    expect(out.gates!.map((g) => [g.gate, g.experts])).toEqual([['cvr', ['from_ctr', 'own']]]);
    tf.sum(out.gates![0].weights, 1).dataSync().forEach((s) => expect(s).toBeCloseTo(1, 6));
    // the first task's output does not depend on the second's tower
    expect(allZero(gradsOfTask(model, 0, FUNNEL)['bottom_cvr/dense_0/kernel'])).toBe(true);
    expect(someNonZero(gradsOfTask(model, 1, FUNNEL)['bottom_ctr/dense_0/kernel'])).toBe(true);
    tf.dispose(out as unknown as tf.TensorContainer);
    disposeData(data);
    model.dispose();
  });

  test('the calibrator is α·mean(max(ŷ_2 − ŷ_1, 0)), and nothing for a conditional second task', () => {
    const data = makeData(FUNNEL, 16);
    const calibrated = buildModel('aitm', { bottom: [4], calibrator: 0.5, ...tower }, context(FUNNEL));
    const out = calibrated.apply(data.batch);
    const [p1, p2] = out.outputs.map((o) => Array.from(tf.sigmoid(o).dataSync()));
    const expected = (0.5 * p2.reduce((s, v, i) => s + Math.max(v - p1[i], 0), 0)) / p1.length;
    expect(out.penalty!.dataSync()[0]).toBeCloseTo(expected, 6);
    const conditional = buildModel('aitm', { bottom: [4], calibrator: 0.5, ...tower }, context([FUNNEL[0], { ...FUNNEL[1], conditionalOn: 'ctr' }]));
    expect(conditional.apply(data.batch).penalty).toBeUndefined();
    disposeData(data);
    calibrated.dispose();
    conditional.dispose();
  });
});

describe('STEM (Su et al. 2024)', () => {
  test('all forward, task-specific backward: a task\'s loss trains its own and the shared experts and embeddings, no other task\'s', () => {
    const model = buildModel('stem', { expert_units: [4], ...tower }, context(TWO_TASKS));
    const g = gradsOfTask(model, 0, TWO_TASKS);
    expect(someNonZero(g['experts_vtr/dense_0/kernel'])).toBe(true);
    expect(someNonZero(g['experts_shared/dense_0/kernel'])).toBe(true);
    expect(someNonZero(g['task_vtr/embedding_user/table'])).toBe(true);
    expect(allZero(g['experts_vcr/dense_0/kernel'])).toBe(true);
    expect(allZero(g['task_vcr/embedding_user/table'])).toBe(true);
    // yet in the forward pass task 0's gate mixes every expert
    const data = makeData(TWO_TASKS, 8);
    const out = model.apply(data.batch, { gates: true });
    expect(out.gates![0].experts).toEqual(['vtr_0', 'vcr_0', 'shared_0']);
    tf.dispose(out as unknown as tf.TensorContainer);
    disposeData(data);
    model.dispose();
  });
});

describe('AdaTT (Li et al. 2023)', () => {
  test('every task gate fuses all experts of the level; the own-expert residual starts at 1; AdaTT-sp has no shared group', () => {
    const model = buildModel('adatt', { levels: 2, experts_per_task: 2, shared_experts: 1, expert_units: [4], ...tower }, context(TWO_TASKS));
    const data = makeData(TWO_TASKS, 8);
    const out = model.apply(data.batch, { gates: true });
    const all = ['vtr_0', 'vtr_1', 'vcr_0', 'vcr_1', 'shared_0'];
    expect(out.gates!.map((g) => [g.level, g.gate, g.experts])).toEqual([
      [0, 'vtr', all],
      [0, 'vcr', all],
      [0, 'shared', all],
      [1, 'vtr', all],
      [1, 'vcr', all],
    ]);
    expect(Array.from(model.variables.find((v) => logicalName(v) === 'level_0_native_vtr')!.dataSync())).toEqual([1, 1]);
    tf.dispose(out as unknown as tf.TensorContainer);
    const sp = buildModel('adatt', { levels: 1, shared_experts: 0, expert_units: [4], ...tower }, context(TWO_TASKS));
    expect(sp.apply(data.batch, { gates: true }).gates!.map((g) => g.experts)).toEqual([['vtr_0', 'vcr_0'], ['vtr_0', 'vcr_0']]);
    disposeData(data);
    model.dispose();
    sp.dispose();
  });
});

describe('DSelect-k (Hazimeh et al. 2021)', () => {
  test('k may not exceed the experts; the entropy penalty is the weighted selectors\' entropy', () => {
    expect(() => buildModel('dselect_k', { experts: 2, k: 3 }, context(TWO_TASKS))).toThrow(/k: expected at most as many selected experts/);
    const model = buildModel('dselect_k', { experts: 4, k: 2, entropy: 0.5, expert_units: [4], ...tower }, context(TWO_TASKS));
    const data = makeData(TWO_TASKS, 8);
    const out = model.apply(data.batch, { gates: true });
    // z starts within ±γ/100 of 0: every selector is near uniform over 4 codes, entropy ≈ ln 4 each (2 tasks × 2 selectors × 8 rows)
    expect(out.penalty!.dataSync()[0] / (0.5 * 2 * 2 * 8)).toBeCloseTo(Math.log(4), 2);
    tf.dispose(out as unknown as tf.TensorContainer);
    disposeData(data);
    model.dispose();
  });
});
