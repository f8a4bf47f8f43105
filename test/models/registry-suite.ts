import * as tf from '@tensorflow/tfjs';
import { MODELS, buildModel, exportWeights, importWeights } from '../../src/models';
import { THREE_TASKS, TWO_TASKS, context, disposeData, loss, makeData } from './fixture';

/** Every architecture, built from its smoke arguments, on the current backend. */
export function registrySuite(): void {
  const cases = Object.keys(MODELS).flatMap((arch) => [
    [arch, '1 task', TWO_TASKS.slice(1)] as const,
    [arch, '2 tasks', TWO_TASKS] as const,
    [arch, '3 tasks', THREE_TASKS] as const,
  ]);

  test.each(cases)('%s (%s): trains, keeps shapes, leaks nothing, round-trips weights', (arch, _label, tasks) => {
    const spec = MODELS[arch as keyof typeof MODELS];
    const ctx = context([...tasks]);
    const data = makeData([...tasks]);
    const model = buildModel(arch, spec.smoke, ctx);
    const optimizer = tf.train.adam(0.02);
    const losses: number[] = [];
    const counts: number[] = [];
    for (let step = 0; step < 8; step++) {
      const l = optimizer.minimize(() => loss(model, [...tasks], data), true, model.variables)!;
      losses.push(l.dataSync()[0]);
      l.dispose();
      counts.push(tf.memory().numTensors * 1e6 + tf.engine().backend.numDataIds());
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    expect(new Set(counts.slice(1)).size).toBe(1); // tensors and backend data flat after Adam's first step created its slots

    const fresh = buildModel(arch, spec.smoke, { ...ctx, seed: ctx.seed + 1 });
    importWeights(fresh, exportWeights(model));
    const before = tf.memory().numTensors;
    const out = model.apply(data.batch, { gates: true });
    expect(out.outputs).toHaveLength(tasks.length);
    out.outputs.forEach((y) => expect(y.shape).toEqual([32]));
    for (const g of out.gates ?? []) {
      expect(g.weights.shape).toEqual([32, g.experts.length]);
      tf.tidy(() => tf.sum(g.weights, 1).dataSync()).forEach((s) => expect(s).toBeCloseTo(1, 5));
    }
    const again = fresh.apply(data.batch);
    out.outputs.forEach((y, k) => expect(Array.from(again.outputs[k].dataSync())).toEqual(Array.from(y.dataSync())));
    tf.dispose([out as unknown as tf.TensorContainer, again as unknown as tf.TensorContainer]);
    expect(tf.memory().numTensors).toBe(before);

    fresh.dispose();
    model.dispose();
    optimizer.dispose();
    disposeData(data);
  });
}
