import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { embeddingInput } from '../../src/models/blocks/embedding-input';
import { VariableStore } from '../../src/models/blocks/variable-store';
import type { InputSpec } from '../../src/models/types';
import { embeddingInputKernels } from '../../src/ops/embedding-input-kernel';
import { installPlainMatMulGradient } from '../../src/ops/matmul-gradient';
import { installNativeKernels, installedKernels, uninstallNativeKernels } from '../../src/ops/native-kernels';
import { context, makeData } from './fixture';
import { KERNEL_SOURCES, pinSource } from '../ops/kernel-sources';

/**
 * The models' input x = [embeddings…, numeric features]: through the native
 * kernel each way, the same bits as the gathers, concat and scatterND of the
 * tf ops, values and the tables' gradients (ids repeat); bad ids are refused.
 */


beforeAll(async () => {
  await tf.setBackend('wasm');
  installPlainMatMulGradient();
});
afterEach(() => uninstallNativeKernels());

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));

/** x and the gradients of Σ x·r with respect to every table, as bits; 40 rows, ids repeated. */
function inputAndGrads(spec: InputSpec): number[][] {
  return tf.tidy(() => {
    const store = VariableStore.create('input', 3);
    const input = embeddingInput(store, spec);
    const { batch } = makeData([], 40, 5);
    const r = tf.randomNormal([40, input.dim], 0, 1, 'float32', 9);
    const x = input.apply(batch);
    const { grads: g } = tf.variableGrads(() => tf.sum(tf.mul(input.apply(batch), r)) as tf.Scalar, store.variables);
    const out = [bits(x), ...store.variables.map((v) => bits(g[v.name]))];
    tf.dispose([...store.variables, batch.categorical, batch.numeric]);
    return out;
  });
}

const WITH_NUMERIC = context([]).input;
const WITHOUT_NUMERIC: InputSpec = { ...WITH_NUMERIC, numeric: [] };

/** x for two rows assembled by hand from the tables' values and the numeric features, against the layer's. */
function checkByHand(): void {
  const store = VariableStore.create('input', 4);
  const input = embeddingInput(store, WITH_NUMERIC);
  const batch = { categorical: tf.tensor2d([6, 0, 2, 4], [2, 2], 'int32'), numeric: tf.tensor2d([0.5, -1, 2, 3], [2, 2]) };
  const [user, video] = store.variables.map((v) => v.arraySync() as number[][]);
  const want = [
    [...user[6], ...video[0], 0.5, -1],
    [...user[2], ...video[4], 2, 3],
  ];
  const x = input.apply(batch);
  expect(x.arraySync()).toEqual(want.map((row) => row.map(Math.fround)));
  tf.dispose([x, batch.categorical, batch.numeric, ...store.variables]);
}

test('without the native kernels: x is each feature’s table row, then the numeric features', () => {
  uninstallNativeKernels();
  checkByHand();
});

if (KERNEL_SOURCES.length > 0) describe.each(KERNEL_SOURCES)('with the %s kernels', (source) => {
  pinSource(source);
  test('x is each feature’s table row, then the numeric features', () => {
    installNativeKernels({ threads: 1 });
    checkByHand();
  });

  test.each([
    ['with numeric features', WITH_NUMERIC],
    ['without numeric features', WITHOUT_NUMERIC],
  ])('%s: x and the tables’ gradients are the tf ops’ bits', (_, spec) => {
    const ops = inputAndGrads(spec);
    installNativeKernels({ threads: 1 });
    const fused = inputAndGrads(spec);
    expect(fused).toEqual(ops);
    expect(fused[1].some((b) => b !== 0)).toBe(true); // a table's gradient is not all zeros
  });

  test('an id outside its table is refused, naming the feature', () => {
    installNativeKernels({ threads: 1 });
    const store = VariableStore.create('input', 3);
    const input = embeddingInput(store, WITH_NUMERIC);
    const batch = { categorical: tf.tensor2d([1, 2, 3, 5], [2, 2], 'int32'), numeric: tf.zeros([2, 2]) as tf.Tensor2D };
    expect(() => input.apply(batch)).toThrow(/id 5 of feature 1 outside its table of 5 rows/);
    tf.dispose([batch.categorical, batch.numeric, ...store.variables]);
  });

  test('the kernels are registered with the others', () => {
    installNativeKernels({ threads: 1 });
    for (const k of embeddingInputKernels(installedKernels()!)) expect(tf.getKernel(k.kernelName, 'wasm')).toBeDefined();
  });
});
