import type { WeightingConfig } from '../config/weighting-schema';
import { dwaWeighting } from './dwa';
import { fixedWeighting } from './fixed';
import { gradnormWeighting } from './gradnorm';
import { pcgradWeighting } from './pcgrad';
import type { Weighting, WeightingContext } from './types';
import { uncertaintyWeighting } from './uncertainty';

/** Every method, keyed by the name a config gives. */
export const WEIGHTINGS = {
  fixed: (ctx) => fixedWeighting(ctx),
  uncertainty: (ctx) => uncertaintyWeighting(ctx),
  dwa: (ctx, c) => dwaWeighting(ctx, c as Extract<WeightingConfig, { method: 'dwa' }>),
  gradnorm: (ctx, c) => gradnormWeighting(ctx, c as Extract<WeightingConfig, { method: 'gradnorm' }>),
  pcgrad: (ctx) => pcgradWeighting(ctx),
} satisfies Record<WeightingConfig['method'], (ctx: WeightingContext, config: WeightingConfig) => Weighting>;

export function makeWeighting(config: WeightingConfig, ctx: WeightingContext): Weighting {
  return WEIGHTINGS[config.method](ctx, config);
}

export type { Weighting, WeightingContext } from './types';
