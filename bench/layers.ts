/**
 * tfjs-layers against our direct-ops models, on the same network: hard
 * sharing with a 64-wide dense input, bottom [256], towers [256, 128, 64] → 1
 * for two tasks, Adam, batch 1024. The models in src/models are written with
 * `tf.variable` and ops rather than tfjs-layers; this is the measurement
 * behind that choice. Steps of the two are interleaved so load hits both alike.
 *
 *   npm run build && node dist/bench/layers.js [--steps 15]
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import { buildModel } from '../src/models';
import type { MtlModel } from '../src/models/types';

const BATCH = 1024;
const INPUT = 64;
const TOWER = [256, 128, 64];

function layersModel(): tf.LayersModel {
  const x = tf.input({ shape: [INPUT] });
  const bottom = tf.layers.dense({ units: 256, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  const heads = [0, 1].map(() => {
    let h = bottom;
    for (const units of TOWER) h = tf.layers.dense({ units, activation: 'relu' }).apply(h) as tf.SymbolicTensor;
    return tf.layers.dense({ units: 1 }).apply(h) as tf.SymbolicTensor;
  });
  return tf.model({ inputs: x, outputs: heads });
}

function ourModel(): MtlModel {
  const input = { categorical: [], numeric: Array.from({ length: INPUT }, (_, i) => `x${i}`) };
  const tasks = [
    { name: 'a', type: 'binary' as const, sigmoidOutput: false },
    { name: 'b', type: 'regression' as const, sigmoidOutput: false },
  ];
  return buildModel('hard_sharing', { bottom: [256], tower: TOWER }, { input, tasks, seed: 1 });
}

/** One Adam step on Σ of the two heads' losses (log loss, squared error). */
function step(optimizer: tf.Optimizer, vars: tf.Variable[], forward: (x: tf.Tensor2D) => tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor1D): void {
  const { value, grads } = tf.variableGrads(() => {
    const [a, b] = forward(x).map((o) => tf.reshape(o, [-1]));
    const la = tf.mean(tf.add(tf.sub(tf.relu(a), tf.mul(a, y)), tf.log1p(tf.exp(tf.neg(tf.abs(a))))));
    const lb = tf.mean(tf.squaredDifference(b, y));
    return tf.add(la, lb) as tf.Scalar;
  }, vars);
  optimizer.applyGradients(grads);
  value.dataSync();
  tf.dispose([value, ...Object.values(grads)]);
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--steps');
  const steps = i >= 0 ? Number(process.argv[i + 1]) : 15;
  const backend = await selectBackend('wasm');
  console.log(`backend: ${backend.name} (${backend.detail}); batch ${BATCH}`);
  const x = tf.randomNormal([BATCH, INPUT], 0, 1, 'float32', 1) as tf.Tensor2D;
  const y = tf.cast(tf.greater(tf.randomUniform([BATCH], 0, 1, 'float32', 2), 0.7), 'float32') as tf.Tensor1D;
  const layers = layersModel();
  const ours = ourModel();
  const variants = [
    { name: 'tfjs-layers', vars: layers.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val), forward: (t: tf.Tensor2D) => layers.apply(t) as tf.Tensor[] },
    { name: 'ple direct ops', vars: ours.variables, forward: (t: tf.Tensor2D) => ours.apply({ categorical: tf.zeros([t.shape[0], 0], 'int32') as tf.Tensor2D, numeric: t }).outputs },
  ].map((v) => ({ ...v, optimizer: tf.train.adam(0.001), times: [] as number[] }));
  for (const v of variants) step(v.optimizer, v.vars, v.forward, x, y); // warm-up
  for (let s = 0; s < steps; s++) {
    for (const v of variants) {
      const t = performance.now();
      step(v.optimizer, v.vars, v.forward, x, y);
      v.times.push(performance.now() - t);
    }
  }
  for (const v of variants) {
    const median = v.times.sort((a, b) => a - b)[Math.floor(v.times.length / 2)];
    console.log(`${v.name.padEnd(16)} ${Math.round((BATCH / median) * 1000).toLocaleString('en')} training samples/s (median of ${steps} steps)`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
