import * as tf from '@tensorflow/tfjs';
import { type ArchName, buildModel } from '../../src/models';
import { flopsPerSample } from '../../src/models/flops';
import { TWO_TASKS, context } from './fixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Input width 7 (fixture); towers [4]. A dense layer in→out costs 2·in·out
 * per sample, a mixture of e experts of width u 2·e·u, a tower on d
 * 2·(4d + 4) = 8d + 8.
 */
const dense = (i: number, o: number) => 2 * i * o;
const towerOn = (d: number) => 8 * d + 8;
const mix = (experts: number, units: number) => 2 * experts * units;

const cases: [ArchName, object, number][] = [
  ['hard_sharing', { bottom: [5] }, dense(7, 5) + 2 * towerOn(5)], // 166
  ['single_task', { bottom: [5] }, 2 * (dense(7, 5) + towerOn(5))], // 236
  // 3 experts 7→5, 2 gates 7→3, each gate mixes 3 experts
  ['mmoe', { experts: 3, expert_units: [5] }, 3 * dense(7, 5) + 2 * dense(7, 3) + 2 * mix(3, 5) + 2 * towerOn(5)], // 450
  // columns 7→5→3, a 2×2 stitch after each layer (2·2·2·units)
  ['cross_stitch', { layers: [5, 3] }, 2 * dense(7, 5) + 2 * 2 * 2 * 5 + 2 * dense(5, 3) + 2 * 2 * 2 * 3 + 2 * towerOn(3)], // 328
  // 2 subspaces: α over 4 subspaces of width 2, then of width 1; β scales each task's 4 + 2 outputs; towers on 6
  ['sluice', { layers: [4, 2], subspaces: 2 }, 2 * dense(7, 4) + 2 * 16 * 2 + 2 * dense(4, 2) + 2 * 16 * 1 + 2 * 6 + 2 * towerOn(6)], // 364
  // 4 experts (1 per task + 2 shared); a task gate mixes its own and the shared: 3
  ['cgc', { experts_per_task: 1, shared_experts: 2, expert_units: [5] }, 4 * dense(7, 5) + 2 * dense(7, 3) + 2 * mix(3, 5) + 2 * towerOn(5)], // 520
  // level 0 as CGC plus a shared gate 7→4 mixing all 4; level 1: experts 5→5, task gates 5→3, no shared gate
  ['ple', { levels: 2, experts_per_task: 1, shared_experts: 2, expert_units: [5] },
    4 * dense(7, 5) + 2 * dense(7, 3) + dense(7, 4) + 2 * mix(3, 5) + mix(4, 5) + 4 * dense(5, 5) + 2 * dense(5, 3) + 2 * mix(3, 5) + 2 * towerOn(5)], // 936
];

test.each(cases)('%s %j: forward FLOPs per sample as counted by hand', (arch, args, expected) => {
  const ctx = context(TWO_TASKS);
  const model = buildModel(arch, { ...args, tower: [4] }, ctx);
  expect(flopsPerSample(model, ctx)).toBe(expected);
  model.dispose();
});

test('the hand counts above match the written totals; counting leaves no tensor behind', () => {
  expect(cases.map((c) => c[2])).toEqual([166, 236, 450, 328, 364, 520, 936]);
  const ctx = context(TWO_TASKS);
  const model = buildModel('ple', { tower: [4], expert_units: [5] }, ctx);
  const before = tf.memory().numTensors;
  flopsPerSample(model, ctx);
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
});
