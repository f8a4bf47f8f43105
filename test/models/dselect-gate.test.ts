import * as tf from '@tensorflow/tfjs';
import { dselectGate, smoothStep } from '../../src/models/blocks/dselect-gate';
import { VariableStore, logicalName } from '../../src/models/blocks/variable-store';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function set(store: VariableStore, name: string, values: number[]): void {
  store.variables.find((v) => logicalName(v) === name)!.assign(tf.tensor(values, store.variables.find((v) => logicalName(v) === name)!.shape));
}

describe('DSelect-k gate', () => {
  test('smooth-step: 0 and 1 outside the band, the cubic inside (by hand, γ = 2)', () => {
    const t = tf.tensor1d([-3, -1, -0.5, 0, 0.5, 1, 3]);
    // u = t/2 + ½; S = 3u² − 2u³: u = 0.25 → 0.15625, 0.5 → 0.5, 0.75 → 0.84375
    expect(Array.from(smoothStep(t, 2).dataSync())).toEqual([0, 0, 0.15625, 0.5, 0.84375, 1, 1]);
  });

  test('hard selectors pick the expert whose binary code they spell, mixed by softmax(α)', () => {
    const store = VariableStore.create('t', 1);
    const gate = dselectGate(store, 'g', 2, ['e0', 'e1', 'e2', 'e3'], 2, 1);
    // selector 0 spells bits (1, 0) = expert 1, selector 1 (1, 1) = expert 3; α logits 0 and ln 3: weights ¼, ¾
    set(store, 'g/z/kernel', [0, 0, 0, 0, 0, 0, 0, 0]);
    set(store, 'g/z/bias', [10, -10, 10, 10]);
    set(store, 'g/alpha/kernel', [0, 0, 0, 0]);
    set(store, 'g/alpha/bias', [0, Math.log(3)]);
    const { weights, entropy } = gate.apply(tf.tensor2d([[0.3, -0.7]]));
    expect(Array.from(weights.dataSync()).map((w) => Math.round(w * 1e6) / 1e6)).toEqual([0, 0.25, 0, 0.75]);
    // binary selectors have no entropy (each 1 adds −log(1 + 1e-6) ≈ −1e-6, each 0 nothing)
    expect(Math.abs(entropy.dataSync()[0])).toBeLessThan(1e-5);
  });

  test('weights sum to 1 for a number of experts that is not a power of two, from the first step', () => {
    const store = VariableStore.create('t', 2);
    const gate = dselectGate(store, 'g', 3, ['a', 'b', 'c'], 2, 1);
    const x = tf.randomNormal([16, 3], 0, 1, 'float32', 5) as tf.Tensor2D;
    tf.sum(gate.apply(x).weights, 1).dataSync().forEach((s) => expect(s).toBeCloseTo(1, 6));
  });
});
