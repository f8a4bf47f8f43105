import * as tf from '@tensorflow/tfjs';

/**
 * The `BatchMatMul` gradient rewritten so that every matmul it runs is a plain
 * one (no transposeA/transposeB): the operand is transposed explicitly first.
 * Why: the WASM backend sends only plain matmuls to XNNPACK; a transposed one
 * falls into a scalar loop, 15–30× slower (PERF-NOTES.md). Same values as the
 * stock gradient up to float rounding.
 */
const plainMatMulGradient: tf.GradConfig = {
  kernelName: 'BatchMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved;
    const g = dy as tf.Tensor;
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) {
      // y = a·b
      return { a: () => tf.matMul(g, swapLast(b)), b: () => tf.matMul(swapLast(a), g) };
    }
    if (!transposeA && transposeB) {
      // y = a·bᵀ
      return { a: () => tf.matMul(g, b), b: () => tf.matMul(swapLast(g), a) };
    }
    if (transposeA && !transposeB) {
      // y = aᵀ·b
      return { a: () => tf.matMul(b, swapLast(g)), b: () => tf.matMul(a, g) };
    }
    // y = aᵀ·bᵀ
    return { a: () => tf.matMul(swapLast(b), swapLast(g)), b: () => tf.matMul(swapLast(g), swapLast(a)) };
  },
};

/** Transposes the last two axes: [..., m, n] → [..., n, m]. */
export function swapLast<T extends tf.Tensor>(x: T): T {
  const r = x.rank;
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(x, perm);
}

let stock: tf.GradConfig | undefined;

/** Replaces the registered `BatchMatMul` gradient with the plain-matmul one (idempotent). */
export function installPlainMatMulGradient(): void {
  const current = tf.getGradient('BatchMatMul');
  if (current === plainMatMulGradient) return;
  stock = current;
  tf.registerGradient(plainMatMulGradient);
}

/** Puts tfjs's own `BatchMatMul` gradient back (tests and benchmarks compare both). */
export function restoreStockMatMulGradient(): void {
  if (stock !== undefined) tf.registerGradient(stock);
}

/** Whether the plain-matmul gradient is the registered one. */
export function plainMatMulGradientInstalled(): boolean {
  return tf.getGradient('BatchMatMul') === plainMatMulGradient;
}
