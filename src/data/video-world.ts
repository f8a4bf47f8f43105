import type { VideoParams } from '../config/types';
import { Rng } from './random';

/**
 * The latent world behind the `video` simulator: users, videos and their
 * day-to-day popularity. Constants here are fixed parts of the mechanism
 * (documented in data/README.md), not knobs; the knobs are VideoParams.
 */

/** number of video categories */
export const CATEGORIES = 16;
/** median video length in seconds, and the std of log length around a category's median */
export const MEDIAN_LENGTH_S = 60;
export const LOG_LENGTH_SD = 1;
/** videos are 3 s to 1 h long */
export const MIN_LENGTH_S = 3;
export const MAX_LENGTH_S = 3600;
/** the oldest day-1 videos were published this many days before day 1 */
export const INITIAL_AGE_DAYS = 30;

export interface VideoWorld {
  latentDim: number;
  users: number;
  /** all videos, the initial ones first, then each later day's new ones in publish order */
  videos: number;
  /** [users * latentDim] taste vectors; taste·latent ~ N(0, 1) */
  userTaste: Float64Array;
  /** log-normal activity: how often a user appears */
  userActivity: Float64Array;
  /** activity quartile 0..3 */
  userActivityBucket: Int32Array;
  /** probability that this user's impression is on WiFi (Beta with mean wifi_rate) */
  userWifi: Float64Array;
  /** a user's general propensity to click, N(0, 0.5) */
  userClickBias: Float64Array;
  /** [videos * latentDim] latent vectors, near the category centroid */
  videoLatent: Float64Array;
  videoCategory: Int32Array;
  /** seconds */
  videoLength: Float64Array;
  /** day the video appears (<= 1 for the initial videos) */
  videoPublishDay: Int32Array;
  /** how watchable a video is regardless of who watches, N(0, 0.5) */
  videoQuality: Float64Array;
  /** log popularity today and yesterday (a feature: what a system knows before the day starts) */
  videoLogPop: Float64Array;
  videoLogPopPrev: Float64Array;
}

/** videos alive on `day` (a prefix of the video arrays) */
export function liveVideos(p: VideoParams, day: number): number {
  return p.videos + p.new_videos_per_day * Math.max(0, day - 1);
}

export function buildWorld(p: VideoParams, rng: Rng): VideoWorld {
  const L = p.latent_dim;
  const users = p.users;
  const videos = liveVideos(p, p.days);

  const userTaste = new Float64Array(users * L);
  const userActivity = new Float64Array(users);
  const userWifi = new Float64Array(users);
  const userClickBias = new Float64Array(users);
  const tasteScale = 1 / Math.sqrt(L);
  for (let u = 0; u < users; u++) {
    for (let k = 0; k < L; k++) userTaste[u * L + k] = rng.normal() * tasteScale;
    userActivity[u] = Math.exp(rng.normal());
    userWifi[u] = wifiPropensity(p.wifi_rate, rng);
    userClickBias[u] = 0.5 * rng.normal();
  }
  const userActivityBucket = quantileBuckets(userActivity, 4);

  // Category centroids carry 60% of a video's latent variance, so category is informative.
  const centroids = new Float64Array(CATEGORIES * L);
  const categoryLogLength = new Float64Array(CATEGORIES);
  for (let c = 0; c < CATEGORIES; c++) {
    for (let k = 0; k < L; k++) centroids[c * L + k] = Math.sqrt(0.6) * rng.normal();
    categoryLogLength[c] = Math.log(MEDIAN_LENGTH_S) + 0.5 * rng.normal();
  }

  const videoLatent = new Float64Array(videos * L);
  const videoCategory = new Int32Array(videos);
  const videoLength = new Float64Array(videos);
  const videoPublishDay = new Int32Array(videos);
  const videoQuality = new Float64Array(videos);
  const videoLogPop = new Float64Array(videos);
  for (let v = 0; v < videos; v++) {
    const c = rng.int(CATEGORIES);
    videoCategory[v] = c;
    for (let k = 0; k < L; k++) videoLatent[v * L + k] = centroids[c * L + k] + Math.sqrt(0.4) * rng.normal();
    const len = Math.exp(categoryLogLength[c] + LOG_LENGTH_SD * rng.normal());
    videoLength[v] = Math.min(MAX_LENGTH_S, Math.max(MIN_LENGTH_S, len));
    videoPublishDay[v] = v < p.videos ? 1 - rng.int(INITIAL_AGE_DAYS) : 2 + Math.floor((v - p.videos) / p.new_videos_per_day);
    videoQuality[v] = 0.5 * rng.normal();
    videoLogPop[v] = rng.normal();
  }
  return {
    latentDim: L,
    users,
    videos,
    userTaste,
    userActivity,
    userActivityBucket,
    userWifi,
    userClickBias,
    videoLatent,
    videoCategory,
    videoLength,
    videoPublishDay,
    videoQuality,
    videoLogPop,
    videoLogPopPrev: Float64Array.from(videoLogPop),
  };
}

/**
 * Moves every live video's log popularity one log-normal step
 * (std `popularity_drift`) at the start of `day` > 1; yesterday's value is kept
 * as the `log_popularity_prev` feature.
 */
export function driftPopularity(world: VideoWorld, p: VideoParams, day: number, rng: Rng): void {
  const live = liveVideos(p, day);
  for (let v = 0; v < live; v++) {
    world.videoLogPopPrev[v] = world.videoLogPop[v];
    if (world.videoPublishDay[v] < day) world.videoLogPop[v] += p.popularity_drift * rng.normal();
  }
}

/** Per-user WiFi probability: Beta(4r, 4(1-r)), so the mean is wifi_rate and users differ. */
function wifiPropensity(rate: number, rng: Rng): number {
  if (rate <= 0 || rate >= 1) return rate;
  return rng.beta(4 * rate, 4 * (1 - rate));
}

/** Bucket of each value by rank: 0 for the lowest quantile, buckets-1 for the highest. */
function quantileBuckets(values: Float64Array, buckets: number): Int32Array {
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
  const out = new Int32Array(values.length);
  order.forEach((index, rank) => {
    out[index] = Math.min(buckets - 1, Math.floor((rank * buckets) / values.length));
  });
  return out;
}
