/** A small valid config as YAML would give it; tests mutate copies of it. */
export function baseConfig(): Record<string, any> {
  return {
    name: 'tiny',
    data: { source: 'video', path: 'data/tiny.arrow', seed: 3, video: { users: 50, videos: 40, impressions_per_day: 300 } },
    split: { train_days: [1, 2, 3, 4, 5, 6, 7], test_days: [8] },
    tasks: [
      { name: 'vtr', type: 'binary', label: 'vtr' },
      { name: 'vcr', type: 'regression', label: 'vcr', mask: 'viewed', sigmoid_output: true },
    ],
    features: {
      categorical: [
        { name: 'user_id', vocab: 50, dim: 4 },
        { name: 'category', vocab: 20, dim: 4 },
      ],
      numeric: ['log_length'],
    },
    training: { epochs: 1, batch_size: 64, seeds: [1] },
    models: [
      { name: 'single', arch: 'single_task', tower: [8] },
      { name: 'mmoe', arch: 'mmoe', experts: 2, tower: [8] },
    ],
  };
}
