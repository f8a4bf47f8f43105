import type { VideoParams } from '../config/types';
import type { DatasetRoles } from './types';
import { CATEGORIES, liveVideos } from './video-world';

/**
 * The columns the `video` simulator writes and what each is for. Configs
 * name these; `vocab` is what a config's categorical feature needs.
 */

/** watch-length buckets, upper bounds in seconds: <15, <60, <180, <600, longer */
export const LENGTH_BUCKETS_S = [15, 60, 180, 600];

export function videoRoles(p: VideoParams): DatasetRoles {
  return {
    categorical: [
      { name: 'user_id', vocab: p.users },
      { name: 'video_id', vocab: liveVideos(p, p.days) },
      { name: 'category', vocab: CATEGORIES },
      { name: 'hour', vocab: 24 },
      { name: 'network', vocab: 2 },
      { name: 'autoplay', vocab: 2 },
      { name: 'length_bucket', vocab: LENGTH_BUCKETS_S.length + 1 },
      { name: 'user_activity_bucket', vocab: 4 },
    ],
    numeric: ['log_length', 'video_age_days', 'log_popularity_prev', 'user_log_activity'],
    binary: ['click', 'vtr', 'share', 'comment'],
    regression: ['vcr', 'watch_time'],
    masks: ['viewed', 'clicked'],
    label_masks: { vcr: 'viewed', watch_time: 'viewed', share: 'clicked', comment: 'clicked' },
  };
}

export function lengthBucket(seconds: number): number {
  let b = 0;
  while (b < LENGTH_BUCKETS_S.length && seconds >= LENGTH_BUCKETS_S[b]) b++;
  return b;
}
