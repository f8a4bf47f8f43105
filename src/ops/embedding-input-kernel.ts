import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { NativeBlas } from './native-blas';
import { type WasmBackend, heapOf, offsetsOf } from './wasm-heap';

/**
 * The models' input x = [table_1[ids[:, 1]], …, table_F[ids[:, F]], numeric]
 * in one C kernel each way (`PleEmbeddingInput`, `PleEmbeddingInputGrad`).
 * With tf ops (src/models/blocks/embedding-input.ts, the reference) that is
 * an unstack, a gather per feature and a concat forward, and an expandDims,
 * a scatterND and a zeros per feature and a split backward: ~35 kernels,
 * which in a study-sized step cost more than the copying. The same values
 * and gradients, bit for bit (the tables' gradients sum repeated ids in row
 * order, as scatterND does; test/models/embedding-input.test.ts).
 */
const FORWARD = 'PleEmbeddingInput';
const BACKWARD = 'PleEmbeddingInputGrad';

/** Per feature: the heap offset of its table (or the table's gradient), vocab and dim. */
function plan(backend: WasmBackend, tables: TensorInfo[], who: string): Float64Array {
  const offsets = offsetsOf(backend, tables, who);
  return Float64Array.from(tables.flatMap((t, f) => [offsets[f], t.shape[0], t.shape[1]]));
}

/** The kernels' attributes: the tables' shapes and the number of numeric features. */
interface EmbeddingAttrs {
  vocabs: number[];
  dims: number[];
  numericCols: number;
}

const tablesOf = (inputs: Record<string, TensorInfo>, count: number) => Array.from({ length: count }, (_, f) => inputs[`t${f}`]);

/** The forward and backward 'wasm' kernels over the addon; registered with the native kernels (src/ops/native-kernels.ts). */
export function embeddingInputKernels(blas: NativeBlas): KernelConfig[] {
  return [
    {
      kernelName: FORWARD,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const named = inputs as Record<string, TensorInfo>;
        const b = backend as unknown as WasmBackend;
        const { ids, numeric } = named;
        const { vocabs, numericCols } = attrs as unknown as EmbeddingAttrs;
        const tables = tablesOf(named, vocabs.length);
        const batch = ids.shape[0];
        const x = b.makeOutput([batch, tables.reduce((s, t) => s + t.shape[1], 0) + numericCols], 'float32');
        const [io, xo, no] = offsetsOf(b, numeric === undefined ? [ids, x] : [ids, x, numeric], FORWARD);
        blas.embeddingInput(heapOf(b), plan(b, tables, FORWARD), batch, io, no ?? -1, numericCols, xo);
        return x;
      },
    },
    {
      kernelName: BACKWARD,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { ids, dx } = inputs as Record<string, TensorInfo>;
        const { vocabs, dims, numericCols } = attrs as unknown as EmbeddingAttrs;
        const b = backend as unknown as WasmBackend;
        const grads = vocabs.map((v, f) => b.makeOutput([v, dims[f]], 'float32'));
        const [io, dxo] = offsetsOf(b, [ids, dx], BACKWARD);
        blas.embeddingInputGrad(heapOf(b), plan(b, grads, BACKWARD), ids.shape[0], io, -1, numericCols, dxo);
        return grads;
      },
    },
  ];
}

/** The forward kernel's gradient: the tables' in one backward call, none for the ids, zeros for the numeric features. */
tf.registerGradient({
  kernelName: FORWARD,
  inputsToSave: ['ids'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const [ids] = saved;
    const { numericCols } = attrs as unknown as EmbeddingAttrs;
    // now, not in the first table's gradient function: tfjs runs each of those in a tidy of its own
    const grads = tf.engine().runKernel(BACKWARD, { ids, dx: dy as tf.Tensor }, attrs) as tf.Tensor[];
    return {
      ...Object.fromEntries(grads.map((g, f) => [`t${f}`, () => g])),
      ids: () => tf.zerosLike(ids),
      numeric: () => tf.zeros([ids.shape[0], numericCols]),
    };
  },
} satisfies GradConfig);

/** Whether the kernels are registered for the active backend. */
function native(): boolean {
  return tf.getKernel(FORWARD, tf.getBackend()) !== undefined;
}

/**
 * x [batch, Σ dim + numeric features] from the int32 ids [batch, features],
 * the float32 tables [vocab_f, dim_f] and the numeric features (or null),
 * through the kernels; undefined where they are not registered.
 */
export function embeddingInputNative(tables: tf.Tensor2D[], ids: tf.Tensor2D, numeric: tf.Tensor2D | null): tf.Tensor2D | undefined {
  if (!native() || tables.length === 0 || ids.dtype !== 'int32' || tables.some((t) => t.dtype !== 'float32')) return undefined;
  const inputs: Record<string, tf.Tensor> = { ids, ...Object.fromEntries(tables.map((t, f) => [`t${f}`, t])) };
  if (numeric !== null) inputs.numeric = numeric;
  const attrs: EmbeddingAttrs = {
    vocabs: tables.map((t) => t.shape[0]),
    dims: tables.map((t) => t.shape[1]),
    numericCols: numeric?.shape[1] ?? 0,
  };
  return tf.engine().runKernel(FORWARD, inputs, attrs as unknown as NamedAttrMap) as tf.Tensor2D;
}
