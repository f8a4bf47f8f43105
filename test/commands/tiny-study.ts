import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';

/** A study small enough to run in seconds: a tiny simulated world, three models, two seeds. */
export function tinyStudy(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'tiny',
    data: { source: 'video', path: '../data/tiny.arrow', seed: 5, video: { users: 60, videos: 40, new_videos_per_day: 5, impressions_per_day: 400 } },
    split: { train_days: [1, 2, 3, 4, 5, 6, 7], test_days: [8], validation: { fraction: 0.2 } },
    tasks: [
      { name: 'vtr', type: 'binary', label: 'vtr', mask: 'viewed' },
      { name: 'vcr', type: 'regression', label: 'vcr', mask: 'viewed', sigmoid_output: true },
    ],
    features: {
      categorical: [
        { name: 'user_id', vocab: 60, dim: 3 },
        { name: 'category', vocab: 16, dim: 3 },
        { name: 'autoplay', vocab: 2, dim: 2 },
      ],
      numeric: ['log_length'],
    },
    training: { epochs: 2, batch_size: 128, learning_rate: 0.01, seeds: [1, 2], early_stopping: { patience: 1 } },
    model_defaults: { tower: [8] },
    models: [
      { name: 'single_task', arch: 'single_task', bottom: [8] },
      { name: 'mmoe', arch: 'mmoe', experts: 2, expert_units: [8] },
      { name: 'ple', arch: 'ple', expert_units: [8] },
    ],
    ...overrides,
  };
}

/** A fresh project folder holding `configs/<name>.yaml`; returns the folder and the config's relative path. */
export function projectWith(config: Record<string, unknown>): { cwd: string; file: string } {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'ple-test-'));
  mkdirSync(path.join(cwd, 'configs'));
  const file = path.join('configs', `${String(config.name)}.yaml`);
  writeFileSync(path.join(cwd, file), stringify(config));
  return { cwd, file };
}
