import * as tf from '@tensorflow/tfjs';
import type { BuildContext, MtlModel } from './types';

/**
 * Forward FLOPs of a model, counted as the model computes: every dense
 * layer adds 2·rows·in·units (a multiply and an add per weight), every
 * mixture Σ_e w_e·E_e 2·rows·experts·units (gates, cross-stitch and
 * sluice units), a scaling rows·units. Activations, softmax and lookups are
 * not counted (they are a few per output, against hundreds per product).
 * The count is of the model's arithmetic, not of the kernels that run it,
 * so it is the same on every backend.
 */
let meter: { flops: number } | null = null;

/** Called by the blocks as they compute; a no-op unless `flopsPerSample` is counting. */
export function addFlops(flops: number): void {
  if (meter) meter.flops += flops;
}

/** Forward FLOPs per sample: one pass over a two-row batch of id 0 and zero numerics, counted. */
export function flopsPerSample(model: MtlModel, ctx: BuildContext): number {
  const rows = 2;
  const counted = { flops: 0 };
  meter = counted;
  try {
    tf.tidy(() => {
      model.apply({
        categorical: tf.zeros([rows, ctx.input.categorical.length], 'int32'),
        numeric: tf.zeros([rows, ctx.input.numeric.length]),
      });
    });
  } finally {
    meter = null;
  }
  return counted.flops / rows;
}
