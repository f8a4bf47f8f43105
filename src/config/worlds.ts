import * as path from 'node:path';
import type { Config } from './types';

/**
 * Simulated worlds. Without `training.data_seeds` a run has one world,
 * `data.seed`; with it, one per listed seed, each generated into a file of
 * its own beside `data.path` (`video.seed-3.arrow`; the seed equal to
 * `data.seed` keeps `data.path` itself), so every world is cached.
 */
export function worldSeeds(config: Pick<Config, 'data' | 'training'>): number[] {
  return config.training.data_seeds ?? [config.data.seed];
}

/** The key a job's files are filed under: its world in a run with data seeds, undefined in a one-world run. */
export function worldKey(config: Pick<Config, 'training'>, world: number): number | undefined {
  return config.training.data_seeds ? world : undefined;
}

/** The config one world's data is generated and split with. */
export function worldConfig(config: Config, world: number): Config {
  if (world === config.data.seed) return config;
  const { dir, name, ext } = path.parse(config.data.path);
  return { ...config, data: { ...config.data, seed: world, path: path.join(dir, `${name}.seed-${world}${ext}`) } };
}
