import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../src/models';
import { gatherBatch } from '../../src/train/batches';
import { buildContext, taskHeads } from '../../src/train/build-context';
import { batchParts } from '../../src/train/train-step';
import { dwaWeights } from '../../src/weighting/dwa';
import { gradnormUpdate } from '../../src/weighting/gradnorm';
import { pcgradCoefficients } from '../../src/weighting/pcgrad';
import { makeWeighting } from '../../src/weighting';
import { HARD_SHARING, tinyConfig, tinyPacked } from '../train/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Dynamic Weight Average (Liu et al. 2019)', () => {
  test('1 for the first two epochs, then K·softmax(r/T) of the losses\' last ratio (by hand)', () => {
    expect(dwaWeights([], 2, 2)).toEqual([1, 1]);
    expect(dwaWeights([[1, 1]], 2, 2)).toEqual([1, 1]);
    // r = (0.5/1, 0.9/1): w = 2·e^{0.25} / (e^{0.25} + e^{0.45}), 2·e^{0.45} / (…)
    const w = dwaWeights([[1, 1], [0.5, 0.9]], 2, 2);
    const e = [Math.exp(0.25), Math.exp(0.45)];
    expect(w[0]).toBeCloseTo((2 * e[0]) / (e[0] + e[1]), 12);
    expect(w[1]).toBeCloseTo((2 * e[1]) / (e[0] + e[1]), 12);
    expect(w[0] + w[1]).toBeCloseTo(2, 12);
  });
});

describe('PCGrad (Yu et al. 2020)', () => {
  test('conflicting gradients lose their components along each other; agreeing ones add as they are', () => {
    // g0·g1 = −0.5, ‖g‖ = 1: g0' = g0 + ½ g1, g1' = g1 + ½ g0, so the sum is 1.5 (g0 + g1)
    expect(pcgradCoefficients([[1, -0.5], [-0.5, 1]], [[1], [0]])).toEqual([1.5, 1.5]);
    expect(pcgradCoefficients([[1, 0.3], [0.3, 2]], [[1], [0]])).toEqual([1, 1]);
    // three tasks, projected in the given orders: g0 conflicts with g1 only
    const gram = [[1, -1, 0], [-1, 4, 0], [0, 0, 1]];
    // g0' = g0 + ¼ g1 (then ⊥ g2 already); g1' = g1 + g0 (g1·g0 = −1 over ‖g0‖² = 1); g2' = g2
    expect(pcgradCoefficients(gram, [[1, 2], [0, 2], [0, 1]])).toEqual([2, 1.25, 1]);
  });

  test('a step applies the projected sum on shared variables and the plain gradient elsewhere (SGD with rate 1, checked by hand)', () => {
    const config = tinyConfig();
    const heads = taskHeads(config);
    const model = buildModel(HARD_SHARING.arch, HARD_SHARING.args, buildContext(config, 1));
    const data = tinyPacked(64, 5);
    // turn the binary task against the regression one, so that their shared gradients conflict
    for (let i = 0; i < data.rows; i++) data.labels[i * 2] = 1 - data.labels[i * 2];
    const batch = gatherBatch(data, Int32Array.from({ length: 64 }, (_, i) => i), 0, 64, 2);
    const spec = { types: heads.map((h) => h.type), parents: [null, null] };
    // each task's gradient by hand, as flat arrays per variable
    const perTask = [0, 1].map((k) => {
      const { grads } = tf.variableGrads(() => batchParts(model, batch, spec).perTask[k], model.variables);
      const out = new Map(model.variables.map((v) => [v.name, grads[v.name] ? Array.from(grads[v.name].dataSync()) : null]));
      tf.dispose(Object.values(grads));
      return out;
    });
    const sharedNames = model.variables.filter((v) => perTask.every((g) => g.get(v.name)?.some((x) => x !== 0))).map((v) => v.name);
    expect(sharedNames.some((n) => n.endsWith('bottom/dense_0/kernel'))).toBe(true);
    const flat = (k: number) => sharedNames.flatMap((n) => perTask[k].get(n)!);
    const [g0, g1] = [flat(0), flat(1)];
    const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
    const d = dot(g0, g1);
    expect(d).toBeLessThan(0); // this seed and batch do conflict: the projection is exercised
    const c0 = d < 0 ? -d / dot(g1, g1) : 0; // g0' = g0 + c0·g1
    const c1 = d < 0 ? -d / dot(g0, g0) : 0; // g1' = g1 + c1·g0
    const before = new Map(model.variables.map((v) => [v.name, Array.from(v.dataSync())]));
    const weighting = makeWeighting({ method: 'pcgrad' }, { model, spec, baseWeights: () => [1, 1], seed: 1, weightDecay: 0 });
    const optimizer = tf.train.sgd(1);
    expect(weighting.step(optimizer, batch).finiteGradients).toBe(true);
    for (const v of model.variables) {
      const a = perTask[0].get(v.name) ?? null;
      const b = perTask[1].get(v.name) ?? null;
      const shared = sharedNames.includes(v.name);
      const expected = before.get(v.name)!.map((x, i) => {
        const ga = a ? a[i] : 0;
        const gb = b ? b[i] : 0;
        return x - (shared ? ga + c0 * gb + gb + c1 * ga : ga + gb);
      });
      Array.from(v.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(expected[i], 4));
    }
    optimizer.dispose();
    model.dispose();
  });
});

describe('GradNorm (Chen et al. 2018)', () => {
  test('one update by hand: the task whose norm is above its target loses weight, and the weights sum to K', () => {
    // norms 2 and 1, w = 1: G = (2, 1), mean 1.5; equal loss ratios: targets 1.5 each
    // w0 −= 0.1·sign(0.5)·2 → 0.8, w1 −= 0.1·sign(−0.5)·1 → 1.1; renormalised: 2·0.8/1.9, 2·1.1/1.9
    const w = gradnormUpdate([1, 1], [2, 1], [0.5, 0.5], [1, 1], { alpha: 1.5, learning_rate: 0.1 });
    expect(w[0]).toBeCloseTo(1.6 / 1.9, 12);
    expect(w[1]).toBeCloseTo(2.2 / 1.9, 12);
    // a task that trains slower (higher loss ratio) has a higher target: r = (1.5, 0.5)/1 → targets 1.5·1.5^α, 1.5·0.5^α
    const slow = gradnormUpdate([1, 1], [1.5, 1.5], [0.75, 0.25], [0.5, 0.5], { alpha: 1, learning_rate: 0.1 });
    expect(slow[0]).toBeGreaterThan(slow[1]);
  });
});

describe('uncertainty weighting (Kendall et al. 2018)', () => {
  test('one SGD step moves each log-variance by −η·(1/2 − c·L_k) and the weights are c·e^{−s}', () => {
    const config = tinyConfig();
    const heads = taskHeads(config);
    const model = buildModel(HARD_SHARING.arch, HARD_SHARING.args, buildContext(config, 4));
    const data = tinyPacked(64, 6);
    const batch = gatherBatch(data, Int32Array.from({ length: 64 }, (_, i) => i), 0, 64, 2);
    const spec = { types: heads.map((h) => h.type), parents: [null, null] };
    const weighting = makeWeighting({ method: 'uncertainty' }, { model, spec, baseWeights: () => [1, 1], seed: 1, weightDecay: 0 });
    expect(weighting.epochWeights()).toEqual([1, 0.5]); // s = 0: c = 1 for binary, ½ for regression
    const optimizer = tf.train.sgd(0.1);
    const { losses } = weighting.step(optimizer, batch);
    const s = Array.from(weighting.variables[0].dataSync());
    // d/ds [c·e^{−s}·L + s/2] at s = 0 is 1/2 − c·L
    expect(s[0]).toBeCloseTo(-0.1 * (0.5 - 1 * losses[1]), 5);
    expect(s[1]).toBeCloseTo(-0.1 * (0.5 - 0.5 * losses[2]), 5);
    // the total reported is the objective at s = 0: Σ c_k L_k + 0
    expect(losses[0]).toBeCloseTo(losses[1] + 0.5 * losses[2], 5);
    weighting.dispose();
    optimizer.dispose();
    model.dispose();
  });
});
