import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Config } from '../../src/config/types';
import { splitSchema, syntheticParamsSchema, taskSchema, videoParamsSchema } from '../../src/config/schema';

/** A small temporary folder per test file. */
export function tempDir(prefix = 'ple-data-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Tiny video world: fast enough to generate in a few milliseconds. */
export const tinyVideo = videoParamsSchema.parse({
  users: 200,
  videos: 100,
  new_videos_per_day: 10,
  impressions_per_day: 2000,
  days: 4,
  latent_dim: 4,
});

/** A config over the video simulator's columns (only the parts data/ reads). */
export function videoConfig(overrides: Partial<Config['data']> = {}): Config {
  return {
    name: 'test',
    data: { source: 'video', path: 'data/video.arrow', seed: 7, video: tinyVideo, ...overrides },
    split: splitSchema.parse({ train_days: [1, 2, 3], test_days: [4], validation: { fraction: 0.2 } }),
    tasks: [
      taskSchema.parse({ name: 'vtr', type: 'binary', label: 'vtr' }),
      taskSchema.parse({ name: 'vcr', type: 'regression', label: 'vcr', mask: 'viewed', sigmoid_output: true }),
    ],
    features: {
      categorical: [
        { name: 'user_id', vocab: 200, dim: 4 },
        { name: 'video_id', vocab: 130, dim: 4 },
        { name: 'network', vocab: 2, dim: 2 },
      ],
      numeric: [{ name: 'log_length', transform: 'none' as const }, { name: 'video_age_days', transform: 'none' as const }],
    },
    training: {} as Config['training'],
    models: [{ name: 'single', arch: 'single_task', args: {} }],
  };
}

export function syntheticConfig(): Config {
  const base = videoConfig();
  return {
    ...base,
    data: {
      source: 'synthetic',
      path: 'data/synthetic.arrow',
      seed: 3,
      synthetic: syntheticParamsSchema.parse({ samples: 800, dim: 8, days: 4 }),
    },
    tasks: [
      taskSchema.parse({ name: 't1', type: 'regression', label: 'y1' }),
      taskSchema.parse({ name: 't2', type: 'regression', label: 'y2' }),
    ],
    features: { categorical: [], numeric: [{ name: 'x0', transform: 'none' as const }, { name: 'x1', transform: 'none' as const }, { name: 'x7', transform: 'none' as const }] },
  };
}

/** A config for a user's CSV with columns day, user, f1, click, ratio, seen. */
export function fileConfig(file: string): Config {
  const base = videoConfig();
  return {
    ...base,
    data: { source: 'file', path: file, seed: 1, file: { day_column: 'day' } },
    split: splitSchema.parse({ train_days: [1, 2], test_days: [3] }),
    tasks: [
      taskSchema.parse({ name: 'ctr', type: 'binary', label: 'click' }),
      taskSchema.parse({ name: 'ratio', type: 'regression', label: 'ratio', mask: 'seen', sigmoid_output: true }),
    ],
    features: { categorical: [{ name: 'user', vocab: 5, dim: 2 }], numeric: [{ name: 'f1', transform: 'none' as const }] },
  };
}

export function mean(values: ArrayLike<number>, where?: (i: number) => boolean): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (where && !where(i)) continue;
    s += values[i];
    n++;
  }
  return s / n;
}
