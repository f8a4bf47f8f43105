import seedrandom from 'seedrandom';
import type { Config, ModelConfig } from '../../src/config/types';
import type { PackedData, SplitData } from '../../src/train/types';

/** Tiny two-task problem sharing one signal: task `click` (binary) and `watch` (regression, masked on ~70% of rows). */
export const CATEGORICAL = 4;
export const VOCAB = 12;

export function tinyConfig(overrides: Partial<Config['training']> = {}, models: ModelConfig[] = []): Config {
  return {
    name: 'tiny',
    data: { source: 'synthetic', path: 'data/tiny.arrow', seed: 1 },
    split: { train_days: [1], test_days: [2] },
    tasks: [
      { name: 'click', type: 'binary', label: 'click', weight: 1, gamma: 1, sigmoid_output: false },
      { name: 'watch', type: 'regression', label: 'watch', mask: 'watched', weight: 1, gamma: 1, sigmoid_output: false },
    ],
    features: {
      categorical: Array.from({ length: CATEGORICAL }, (_, i) => ({ name: `c${i}`, vocab: VOCAB, dim: 4 })),
      numeric: [{ name: 'x', transform: 'none' as const }],
    },
    training: {
      epochs: 2,
      batch_size: 128,
      optimizer: 'adam',
      learning_rate: 0.01,
      learning_rate_decay: 'constant',
      seeds: [1],
      save_predictions: false,
      save_models: false,
      weighting: { method: 'fixed' },
      ...overrides,
    },
    models,
  };
}

/** Packed rows with a shared latent score z = Σ effect(id) + 0.5·x. */
export function tinyPacked(rows: number, seed: number, tasks = 2): PackedData {
  const effects = seedrandom('effects'); // the same world for every part
  const effect = Array.from({ length: CATEGORICAL * VOCAB }, () => effects() * 2 - 1);
  const rng = seedrandom(`rows/${seed}`);
  const categorical = new Int32Array(rows * CATEGORICAL);
  const numeric = new Float32Array(rows);
  const labels = new Float32Array(rows * tasks);
  const masks = new Float32Array(rows * tasks);
  for (let i = 0; i < rows; i++) {
    let z = 0;
    for (let f = 0; f < CATEGORICAL; f++) {
      const id = Math.floor(rng() * VOCAB);
      categorical[i * CATEGORICAL + f] = id;
      z += effect[f * VOCAB + id];
    }
    const x = rng() * 2 - 1;
    numeric[i] = x;
    z += 0.5 * x;
    labels[i * tasks] = rng() < 1 / (1 + Math.exp(-2 * z)) ? 1 : 0;
    masks[i * tasks] = 1;
    if (tasks > 1) {
      const watched = rng() < 0.7;
      masks[i * tasks + 1] = watched ? 1 : 0;
      labels[i * tasks + 1] = watched ? 1 / (1 + Math.exp(-(z + 0.3 * (rng() - 0.5)))) : 0;
    }
  }
  return { rows, categorical, numeric, labels, masks };
}

export function tinySplit(train = 2000, validation = 0, test = 1000): SplitData {
  return { train: tinyPacked(train, 1), validation: tinyPacked(validation, 2), test: tinyPacked(test, 3) };
}

export const HARD_SHARING: ModelConfig = { name: 'hs', arch: 'hard_sharing', args: { bottom: [16], tower: [8] } };
