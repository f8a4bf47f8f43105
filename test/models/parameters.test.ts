import * as tf from '@tensorflow/tfjs';
import { type ArchName, MODELS, buildModel, countParameters, exportWeights } from '../../src/models';
import { TWO_TASKS, context } from './fixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Input: user (vocab 7, dim 3) + video (vocab 5, dim 2) + 2 numeric → x of width 7;
 * embedding tables 7·3 + 5·2 = 31. Two tasks, towers [4]: a tower on width d has
 * d·4 + 4 + 4·1 + 1 = 4d + 9. A dense layer in→out has in·out + out.
 */
const EMB = 31;
const dense = (i: number, o: number) => i * o + o;
const towerOn = (d: number) => 4 * d + 9;

const cases: [ArchName, object, number][] = [
  // per task: own tables, bottom 7→5, tower on 5
  ['single_task', { bottom: [5] }, 2 * (EMB + dense(7, 5) + towerOn(5))], // 2·(31+40+29) = 200
  ['hard_sharing', { bottom: [5] }, EMB + dense(7, 5) + 2 * towerOn(5)], // 129
  // two bottoms 7→5; VTR's tower reads concat(own, VCR's) = 10, VCR's reads 5
  ['asymmetric', { bottom: [5] }, EMB + 2 * dense(7, 5) + towerOn(10) + towerOn(5)], // 189
  ['asymmetric', { bottom: [5], fusion: 'mean' }, EMB + 2 * dense(7, 5) + 2 * towerOn(5)], // 169
  // shared 7→5, task 7→3 ×2, towers on 5+3
  ['customized', { shared_bottom: [5], task_bottom: [3] }, EMB + dense(7, 5) + 2 * dense(7, 3) + 2 * towerOn(8)], // 201
  // columns 7→5→3 ×2, α 2×2 per layer, towers on 3
  ['cross_stitch', { layers: [5, 3] }, EMB + 2 * dense(7, 5) + 2 * dense(5, 3) + 2 * 4 + 2 * towerOn(3)], // 197
  // columns 7→4→2 ×2, α (2·2)² per layer, β of 2 per task, towers on 4+2
  ['sluice', { layers: [4, 2] }, EMB + 2 * dense(7, 4) + 2 * dense(4, 2) + 2 * 16 + 2 * 2 + 2 * towerOn(6)], // 217
  // 3 experts 7→5, 2 gates 7→3, towers on 5
  ['mmoe', { experts: 3, expert_units: [5] }, EMB + 3 * dense(7, 5) + 2 * dense(7, 3) + 2 * towerOn(5)], // 257
  // level 0: 3 experts 7→5; level 1: 3 gates 7→3 and 3 experts 5→5; task gates 7→3
  ['ml_mmoe', { levels: 2, experts: 3, expert_units: [5] },
    EMB + 3 * dense(7, 5) + 3 * dense(7, 3) + 3 * dense(5, 5) + 2 * dense(7, 3) + 2 * towerOn(5)], // 419
  // experts: 1 per task + 2 shared = 4 of 7→5; each task gate over 1 + 2
  ['cgc', { experts_per_task: 1, shared_experts: 2, expert_units: [5] },
    EMB + 4 * dense(7, 5) + 2 * dense(7, 3) + 2 * towerOn(5)], // 297
  // level 0 as CGC plus a shared gate 7→4; level 1: 4 experts 5→5, task gates 5→3, no shared gate
  ['ple', { levels: 2, experts_per_task: 1, shared_experts: 2, expert_units: [5] },
    EMB + 4 * dense(7, 5) + 2 * dense(7, 3) + dense(7, 4) + 4 * dense(5, 5) + 2 * dense(5, 3) + 2 * towerOn(5)], // 485
  // two-layer experts: 7→5→2 each
  ['ple', { levels: 1, experts_per_task: 1, shared_experts: 1, expert_units: [5, 2] },
    EMB + 3 * (dense(7, 5) + dense(5, 2)) + 2 * dense(7, 2) + 2 * towerOn(2)],
];

test.each(cases)('%s %j has the hand-counted parameters', (arch, args, expected) => {
  const model = buildModel(arch, { ...args, tower: [4] }, context(TWO_TASKS));
  expect(countParameters(model)).toBe(expected);
  model.dispose();
});

test('the hand counts above match the written totals', () => {
  expect(cases.slice(0, 11).map((c) => c[2])).toEqual([200, 129, 189, 169, 201, 197, 217, 257, 419, 297, 485]);
});

describe.each(Object.keys(MODELS))('%s initial weights', (arch) => {
  const spec = MODELS[arch as ArchName];
  const weightsFor = (seed: number) => {
    const model = buildModel(arch, spec.smoke, context(TWO_TASKS, seed));
    const w = exportWeights(model);
    model.dispose();
    return w;
  };

  test('the same seed gives the same weights, another seed others; names are unique', () => {
    const a = weightsFor(11);
    expect(weightsFor(11)).toEqual(a);
    expect(weightsFor(12)).not.toEqual(a);
    const model = buildModel(arch, spec.smoke, context(TWO_TASKS, 11));
    expect(Object.keys(a)).toHaveLength(model.variables.length);
    model.dispose();
  });
});

describe('common random numbers: a role starts alike in every architecture of a seed', () => {
  const weightsOf = (arch: ArchName, args: object, seed = 11) => {
    const model = buildModel(arch, { ...args, tower: [4] }, context(TWO_TASKS, seed));
    const w = exportWeights(model);
    model.dispose();
    return w;
  };
  const single = weightsOf('single_task', { bottom: [5] });
  const hard = weightsOf('hard_sharing', { bottom: [5] });
  const mmoe = weightsOf('mmoe', { experts: 3, expert_units: [5] });

  test("single-task's nets start from the multi-task models' embeddings, bottom and towers", () => {
    for (const task of ['vtr', 'vcr']) {
      for (const name of ['embedding_user/table', 'embedding_video/table', 'bottom/dense_0/kernel']) {
        expect(single[`net_${task}/${name}`]).toEqual(hard[name]);
      }
      for (const name of ['dense_0/kernel', 'out/kernel']) {
        expect(single[`net_${task}/tower_${task}/${name}`]).toEqual(hard[`tower_${task}/${name}`]);
        expect(mmoe[`tower_${task}/${name}`]).toEqual(hard[`tower_${task}/${name}`]); // towers on 5 units alike
      }
    }
    expect(mmoe['embedding_user/table']).toEqual(hard['embedding_user/table']);
  });

  test('roles differ from each other and from seed to seed', () => {
    expect(single['net_vtr/tower_vtr/dense_0/kernel']).not.toEqual(single['net_vcr/tower_vcr/dense_0/kernel']);
    expect(weightsOf('single_task', { bottom: [5] }, 12)['net_vtr/embedding_user/table']).not.toEqual(
      single['net_vtr/embedding_user/table'],
    );
  });
});

test.each(Object.keys(MODELS))('%s runs on numeric features only (the synthetic source has no ids)', (arch) => {
  const ctx = { input: { categorical: [], numeric: ['a', 'b', 'c'] }, tasks: TWO_TASKS, seed: 3 };
  const model = buildModel(arch, MODELS[arch as ArchName].smoke, ctx);
  const batch = { categorical: tf.zeros([5, 0], 'int32') as tf.Tensor2D, numeric: tf.ones([5, 3]) as tf.Tensor2D };
  const { outputs } = model.apply(batch);
  expect(outputs.map((y) => y.shape)).toEqual([[5], [5]]);
  tf.dispose([...outputs, batch.categorical, batch.numeric]);
  model.dispose();
});
