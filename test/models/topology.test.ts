import * as tf from '@tensorflow/tfjs';
import { type ArchName, buildModel, logicalName } from '../../src/models';
import type { MtlModel } from '../../src/models/types';
import { THREE_TASKS, TWO_TASKS, context, disposeData, gradsOfTask, makeData } from './fixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tower = { tower: [4] };

function variable(model: MtlModel, name: string): tf.Variable {
  const v = model.variables.find((x) => logicalName(x) === name);
  if (!v) throw new Error(`no variable ${name} in ${model.variables.map(logicalName).join(', ')}`);
  return v;
}

/** Columns [from, to) of a row-major [rows, cols] matrix, flattened. */
function columns(values: number[], cols: number, from: number, to: number): number[] {
  return values.filter((_, i) => i % cols >= from && i % cols < to);
}

const allZero = (xs: number[] | undefined) => (xs ?? []).every((x) => x === 0);
const someNonZero = (xs: number[] | undefined) => (xs ?? []).some((x) => x !== 0);

function gatesOf(arch: ArchName, args: object, tasks = TWO_TASKS) {
  const model = buildModel(arch, { ...args, ...tower }, context(tasks));
  const data = makeData(tasks, 16);
  const gates = (model.apply(data.batch, { gates: true }).gates ?? []).map((g) => {
    const sums = Array.from(tf.tidy(() => tf.sum(g.weights, 1)).dataSync());
    return { level: g.level, gate: g.gate, experts: g.experts, shape: g.weights.shape, sums };
  });
  model.dispose();
  disposeData(data);
  return gates;
}

describe('CGC (Eq. 5)', () => {
  test('task gate k mixes exactly its own m_k experts and the m_s shared ones', () => {
    const gates = gatesOf('cgc', { experts_per_task: 2, shared_experts: 3, expert_units: [4] });
    expect(gates.map(({ level, gate, experts }) => ({ level, gate, experts }))).toEqual([
      { level: 0, gate: 'vtr', experts: ['vtr_0', 'vtr_1', 'shared_0', 'shared_1', 'shared_2'] },
      { level: 0, gate: 'vcr', experts: ['vcr_0', 'vcr_1', 'shared_0', 'shared_1', 'shared_2'] },
    ]);
    gates.forEach((g) => {
      expect(g.shape).toEqual([16, 5]);
      g.sums.forEach((s) => expect(s).toBeCloseTo(1, 6));
    });
  });

  test("a task's output takes nothing from another task's experts", () => {
    const model = buildModel('cgc', { experts_per_task: 1, shared_experts: 1, expert_units: [4], ...tower }, context(TWO_TASKS));
    const g = gradsOfTask(model, 0)['level_0_experts/dense_0/kernel']; // [7, 3·4]: vtr | vcr | shared
    expect(someNonZero(columns(g, 12, 0, 4))).toBe(true);
    expect(allZero(columns(g, 12, 4, 8))).toBe(true);
    expect(someNonZero(columns(g, 12, 8, 12))).toBe(true);
    model.dispose();
  });
});

describe('PLE (Eq. 6)', () => {
  test('a task may not be called "shared"', () => {
    const tasks = [TWO_TASKS[0], { ...TWO_TASKS[1], name: 'shared' }];
    expect(() => buildModel('ple', {}, context(tasks))).toThrow(/a task named "shared" clashes/);
  });

  test('a shared gate over every expert below the last level, none at the last', () => {
    const gates = gatesOf('ple', { levels: 3, experts_per_task: 1, shared_experts: 2, expert_units: [4] }, THREE_TASKS);
    const all = ['vtr_0', 'vcr_0', 'shr_0', 'shared_0', 'shared_1'];
    for (const level of [0, 1, 2]) {
      const at = gates.filter((g) => g.level === level);
      expect(at.map((g) => g.gate)).toEqual(level < 2 ? ['vtr', 'vcr', 'shr', 'shared'] : ['vtr', 'vcr', 'shr']);
      for (const t of ['vtr', 'vcr', 'shr']) {
        expect(at.find((g) => g.gate === t)?.experts).toEqual([`${t}_0`, 'shared_0', 'shared_1']);
      }
      if (level < 2) expect(at.find((g) => g.gate === 'shared')?.experts).toEqual(all);
    }
    gates.forEach((g) => g.sums.forEach((s) => expect(s).toBeCloseTo(1, 6)));
  });

  test("task k's level-j output feeds only task k's level-(j+1) experts and gate; the shared gate feeds everyone", () => {
    const model = buildModel('ple', { levels: 2, expert_units: [4], ...tower }, context(TWO_TASKS));
    const g = gradsOfTask(model, 0); // VTR's output
    expect(allZero(g['level_1_experts_vcr/dense_0/kernel'])).toBe(true);
    expect(allZero(g['level_1_gate_vcr/kernel'])).toBe(true);
    expect(allZero(g['level_0_gate_vcr/kernel'])).toBe(true); // its only consumers are VCR's level-1 expert and gate
    expect(someNonZero(g['level_0_gate_shared/kernel'])).toBe(true);
    expect(someNonZero(g['level_1_experts_shared/dense_0/kernel'])).toBe(true);
    // level 0 reads x everywhere: VCR's level-0 expert reaches VTR only through the shared gate
    expect(someNonZero(columns(g['level_0_experts/dense_0/kernel'], 12, 4, 8))).toBe(true);
    model.dispose();
  });
});

describe('MMoE and ML-MMoE', () => {
  test('every task gate mixes every expert; ML-MMoE adds one gate per upper-level expert', () => {
    const m = gatesOf('mmoe', { experts: 3, expert_units: [4] });
    expect(m.map((g) => [g.gate, g.experts.join()])).toEqual([
      ['vtr', 'expert_0,expert_1,expert_2'],
      ['vcr', 'expert_0,expert_1,expert_2'],
    ]);
    const ml = gatesOf('ml_mmoe', { levels: 2, experts: 2, expert_units: [4] });
    expect(ml.map((g) => [g.level, g.gate])).toEqual([[0, 'expert_0'], [0, 'expert_1'], [1, 'vtr'], [1, 'vcr']]);
    [...m, ...ml].forEach((g) => g.sums.forEach((s) => expect(s).toBeCloseTo(1, 6)));
  });
});

describe('cross-stitch and sluice', () => {
  test.each([
    [2, 0.8, [0.8, 0.2, 0.2, 0.8]],
    [3, 0.8, [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8]],
  ])('%i tasks: α starts with alpha_self %f on the diagonal', (k, self, expected) => {
    const model = buildModel('cross_stitch', { layers: [4, 2], alpha_self: self, ...tower }, context(THREE_TASKS.slice(0, k)));
    for (const l of [0, 1]) {
      Array.from(variable(model, `cross_stitch_${l}/alpha`).dataSync()).forEach((a, i) => expect(a).toBeCloseTo(expected[i], 6));
    }
    model.dispose();
  });

  test('sluice: α over K·S subspaces near identity, β on the last layer, penalty only when asked', () => {
    const model = buildModel('sluice', { layers: [4, 2], subspaces: 2, alpha_self: 0.7, ...tower }, context(TWO_TASKS));
    const alpha = Array.from(variable(model, 'sluice_0/alpha').dataSync());
    expect(alpha).toHaveLength(16);
    alpha.forEach((a, i) => expect(a).toBeCloseTo(i % 5 === 0 ? 0.7 : 0.1, 6));
    expect(Array.from(variable(model, 'beta_vcr').dataSync())).toEqual([0, 1]);
    expect(model.penalty()).toBeNull();
    model.dispose();
    const ortho = buildModel('sluice', { layers: [4], orthogonality: 0.5, ...tower }, context(TWO_TASKS));
    const p = ortho.penalty()!;
    const manual = tf.tidy(() => {
      const w = variable(ortho, 'columns/layer_0/kernel') as tf.Tensor2D; // [7, 2 columns · 4]
      const terms = [0, 4].map((c) => {
        const w1 = tf.slice(w, [0, c], [7, 2]);
        const w2 = tf.slice(w, [0, c + 2], [7, 2]);
        return tf.sum(tf.square(tf.matMul(w1, w2, true, false)));
      });
      return tf.mul(tf.addN(terms), 0.5);
    });
    expect(p.dataSync()[0]).toBeCloseTo(manual.dataSync()[0], 6);
    expect(p.dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([p, manual]);
    ortho.dispose();
  });
});

describe('asymmetric and single-task', () => {
  test('edges are one-way: by default VCR feeds VTR, never the reverse', () => {
    const model = buildModel('asymmetric', { bottom: [4, 3], ...tower }, context(TWO_TASKS));
    const fromVcr = gradsOfTask(model, 1); // VCR's output
    expect(allZero(columns(fromVcr['bottoms/dense_0/kernel'], 8, 0, 4))).toBe(true);
    expect(allZero(fromVcr['bottoms/vtr/dense_1/kernel'])).toBe(true);
    const fromVtr = gradsOfTask(model, 0);
    expect(someNonZero(columns(fromVtr['bottoms/dense_0/kernel'], 8, 4, 8))).toBe(true);
    expect(someNonZero(fromVtr['bottoms/vcr/dense_1/kernel'])).toBe(true);
    model.dispose();
  });

  test('edges name tasks of the run', () => {
    expect(() => buildModel('asymmetric', { edges: [{ from: 'ctr', to: 'vtr' }] }, context(TWO_TASKS))).toThrow(
      'asymmetric: edges[0].from: unknown task "ctr" (tasks: vtr, vcr)',
    );
  });

  test("single-task networks are independent: task 2's output gives task 1's variables no gradient", () => {
    const model = buildModel('single_task', { bottom: [4], ...tower }, context(TWO_TASKS));
    const g = gradsOfTask(model, 1);
    const vtr = model.variables.map(logicalName).filter((n) => n.startsWith('net_vtr/'));
    expect(vtr.length).toBeGreaterThan(0);
    vtr.forEach((n) => expect(allZero(g[n])).toBe(true));
    expect(someNonZero(g['net_vcr/embedding_user/table'])).toBe(true);
    model.dispose();
  });
});
