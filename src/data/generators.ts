import type { DataConfig, SyntheticParams, VideoParams } from '../config/types';
import { syntheticParamsSchema, videoParamsSchema } from '../config/schema';
import { generateSynthetic } from './mmoe-synthetic';
import type { Dataset } from './types';
import { generateVideo } from './video';

/**
 * The generators, keyed by the `data.source` names configs use. `params`
 * resolves the config's block (defaults when it is omitted): it is what the
 * cached file's metadata must match.
 */
export interface GeneratorSpec {
  params(data: DataConfig): unknown;
  generate(data: DataConfig, onProgress?: (done: number, total: number) => void): Dataset;
}

export const videoParams = (data: DataConfig): VideoParams => data.video ?? videoParamsSchema.parse({});
export const syntheticParams = (data: DataConfig): SyntheticParams => data.synthetic ?? syntheticParamsSchema.parse({});

export const GENERATORS = {
  video: {
    params: videoParams,
    generate: (data, onProgress) => generateVideo(videoParams(data), data.seed, onProgress),
  },
  synthetic: {
    params: syntheticParams,
    generate: (data) => generateSynthetic(syntheticParams(data), data.seed),
  },
} satisfies Record<string, GeneratorSpec>;

export type GeneratorName = keyof typeof GENERATORS;

export function isGenerated(source: DataConfig['source']): source is GeneratorName {
  return source in GENERATORS;
}
