import type { ParsedConfig } from './schema';

/** Upper bounds of the sizes a config sets, so a typo fails here, with its path, rather than as an out-of-memory crash hours in. */
export const LIMITS = {
  seeds: 10_000,
  epochs: 100_000,
  batchSize: 1 << 20,
  /** values a generated data set may hold (rows × columns): its Arrow file must fit one Node buffer (4 GiB of float32) */
  generatedValues: 1_000_000_000,
  /** a categorical feature's embedding table (vocab × dim) */
  embeddingValues: 1_000_000_000,
  entities: 10_000_000,
  days: 3660,
} as const;

const count = (n: number) => n.toLocaleString('en');

/** Columns of a video data set: its 20 features, labels and masks (data/video-columns.ts) and the day. */
const VIDEO_COLUMNS = 21;

export function checkLimits(cfg: ParsedConfig): string[] {
  const errors: string[] = [];
  const over = (path: string, value: number, max: number, what = '') => {
    if (value > max) errors.push(`${path}: expected at most ${count(max)}${what}, got ${count(value)}`);
  };
  const t = cfg.training;
  over('training.seeds', t.seeds.length, LIMITS.seeds, ' seeds');
  over('training.epochs', t.epochs, LIMITS.epochs);
  over('training.batch_size', t.batch_size, LIMITS.batchSize);
  cfg.features.categorical.forEach((f, i) => f.vocab !== undefined && over(`features.categorical[${i}]`, f.vocab * f.dim, LIMITS.embeddingValues, ' embedding values (vocab × dim)'));
  const v = cfg.data.source === 'video' ? cfg.data.video : undefined;
  if (v) {
    over('data.video.users', v.users, LIMITS.entities);
    over('data.video.videos', v.videos + v.new_videos_per_day * v.days, LIMITS.entities, ' videos over all days (videos + new_videos_per_day × days)');
    over('data.video.days', v.days, LIMITS.days);
    const rows = v.impressions_per_day * v.days;
    over('data.video.impressions_per_day', rows * VIDEO_COLUMNS, LIMITS.generatedValues, ` values in the data file (impressions_per_day × days × ${VIDEO_COLUMNS} columns)`);
  }
  const s = cfg.data.source === 'synthetic' ? cfg.data.synthetic : undefined;
  if (s) {
    over('data.synthetic.days', s.days, LIMITS.days);
    over('data.synthetic.samples', s.samples * (s.dim + 3), LIMITS.generatedValues, ' values in the data file (samples × (dim + 3) columns)');
    over('data.synthetic.sinusoids', s.sinusoids, 10_000);
  }
  return errors;
}
