import { z } from 'zod';

/** Zod pieces shared by the architectures' argument schemas, with messages that read well after a dotted path. */

const show = (v: unknown): string => (v === undefined ? 'nothing' : typeof v === 'number' ? String(v) : JSON.stringify(v));

/** An integer ≥ min: "expected an integer >= 1, got 0". */
export function int(min: number) {
  return z
    .number({ errorMap: (_issue, ctx) => ({ message: `expected an integer >= ${min}, got ${show(ctx.data)}` }) })
    .int()
    .min(min);
}

/** A finite number ≥ min (zod's plain number lets Infinity through). */
export function atLeast(min: number) {
  return z
    .number({ errorMap: (_issue, ctx) => ({ message: `expected a finite number >= ${min}, got ${show(ctx.data)}` }) })
    .finite()
    .min(min);
}

/** A number in [min, max]. */
export function number(min: number, max: number) {
  return z
    .number({ errorMap: (_issue, ctx) => ({ message: `expected a number in [${min}, ${max}], got ${show(ctx.data)}` }) })
    .min(min)
    .max(max);
}

/** Layer widths: a list of integers ≥ 1, at least `minLength` long. */
export function widths(minLength: number) {
  return z.array(int(1), {
    errorMap: (issue, ctx) =>
      issue.code === 'too_small'
        ? { message: `expected at least ${minLength} layer width${minLength === 1 ? '' : 's'}, got ${show(ctx.data)}` }
        : { message: `expected a list of layer widths (integers >= 1), got ${show(ctx.data)}` },
  }).min(minLength);
}

export const activation = z.enum(['relu', 'tanh', 'sigmoid', 'linear'], {
  errorMap: (_issue, ctx) => ({ message: `expected one of relu, tanh, sigmoid, linear, got ${show(ctx.data)}` }),
});

/**
 * Arguments every architecture takes (each has towers): the paper's towers
 * are [256, 128, 64] with ReLU; regularisation is off by default.
 */
export const towerArgs = {
  /** hidden widths of each task tower (a last unit of width 1 follows) */
  tower: widths(0).default([256, 128, 64]),
  /** activation of every hidden layer */
  activation: activation.default('relu'),
  /** dropout rate on the output of every hidden layer (bottoms, experts, columns, towers) while training; 0: none */
  dropout: number(0, 0.95).default(0),
  /** L2 weight decay λ: λ·w is added to the gradient of every weight matrix (layer and gate kernels, embedding tables); 0: none */
  weight_decay: atLeast(0).default(0),
};

/** Smoke-test sizes shared by every architecture. */
export const smokeTower = { tower: [6, 4] };
