import type { VideoParams } from '../config/types';
import type { Dataset } from './types';
import { FORMAT_VERSION, META, canonicalJson } from './format';
import { AliasTable, Rng } from './random';
import { lengthBucket, videoRoles } from './video-columns';
import { MEDIAN_LENGTH_S, LOG_LENGTH_SD, buildWorld, driftPopularity, liveVideos } from './video-world';

/**
 * The `video` impression simulator (DESIGN.md "Data"; every mechanism and
 * constant is described in data/README.md). One row per impression; days are
 * generated in order, so popularity drift and new videos make the last day
 * a real forecast. Nothing here is tuned to make any model win.
 */

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** passive seconds an autoplayed video runs without interest (median, before autoplay_inflation) */
const PASSIVE_MEDIAN_S = 6;
/** attention lost when a video autoplays but the user did not click it (logit offset) */
const UNCLICKED_ATTENTION = -1.5;

export function generateVideo(p: VideoParams, seed: number, onDay?: (day: number, days: number) => void): Dataset {
  const rng = new Rng(`video:${seed}`);
  const world = buildWorld(p, rng);
  const L = world.latentDim;
  const rows = p.impressions_per_day * p.days;

  const day = new Int32Array(rows);
  const userId = new Int32Array(rows);
  const videoId = new Int32Array(rows);
  const category = new Int32Array(rows);
  const hourCol = new Int32Array(rows);
  const network = new Int32Array(rows);
  const autoplayCol = new Int32Array(rows);
  const lengthBucketCol = new Int32Array(rows);
  const activityBucket = new Int32Array(rows);
  const logLength = new Float32Array(rows);
  const ageDays = new Float32Array(rows);
  const logPopPrev = new Float32Array(rows);
  const logActivity = new Float32Array(rows);
  const click = new Float32Array(rows);
  const vtr = new Float32Array(rows);
  const vcr = new Float32Array(rows);
  const share = new Float32Array(rows);
  const comment = new Float32Array(rows);
  const watchTime = new Float32Array(rows);
  const viewed = new Float32Array(rows);
  const clicked = new Float32Array(rows);

  // Diurnal traffic peaking at 21:00; `engagement` is the same curve in [-1, 1].
  const engagement = new Float64Array(24);
  const hourWeight = new Float64Array(24);
  for (let h = 0; h < 24; h++) {
    engagement[h] = Math.cos((2 * Math.PI * (h - 21)) / 24);
    hourWeight[h] = 1 + 0.6 * engagement[h];
  }
  const hours = new AliasTable(hourWeight);
  const users = new AliasTable(world.userActivity);
  const popWeight = new Float64Array(world.videos);

  let row = 0;
  for (let d = 1; d <= p.days; d++) {
    if (d > 1) driftPopularity(world, p, d, rng);
    const live = liveVideos(p, d);
    for (let v = 0; v < live; v++) popWeight[v] = Math.exp(world.videoLogPop[v]);
    const videos = new AliasTable(popWeight, live);

    for (let i = 0; i < p.impressions_per_day; i++, row++) {
      const u = users.pick(rng.uniform());
      const v = videos.pick(rng.uniform());
      const h = hours.pick(rng.uniform());
      const wifi = rng.uniform() < world.userWifi[u];
      const auto = wifi && rng.uniform() < p.autoplay_rate;

      let affinity = 0;
      for (let k = 0; k < L; k++) affinity += world.userTaste[u * L + k] * world.videoLatent[v * L + k];
      const len = world.videoLength[v];
      const eng = engagement[h];

      const isClick =
        rng.uniform() < sigmoid(-2.5 + world.userClickBias[u] + affinity + 0.3 * world.videoLogPop[v] + 0.15 * eng);
      const isViewed = isClick || auto;

      let watch = 0;
      if (isViewed) {
        // Interest: the fraction a viewer wants to watch. Longer videos (z > 0) are abandoned earlier.
        const z = (Math.log(len) - Math.log(MEDIAN_LENGTH_S)) / LOG_LENGTH_SD;
        const attention = isClick ? 0 : UNCLICKED_ATTENTION;
        const fraction = sigmoid(-0.5 + affinity + world.videoQuality[v] - p.length_conflict * z + 0.15 * eng + attention);
        watch = len * fraction * Math.exp(p.watch_noise * rng.normal());
        // Autoplay on WiFi runs the video for a while whatever the interest.
        if (auto) watch += p.autoplay_inflation * PASSIVE_MEDIAN_S * Math.exp(0.5 * rng.normal());
        watch = Math.min(watch, len);
      }
      const completion = isViewed ? watch / len : 0;

      let isShare = false;
      let isComment = false;
      if (isClick) {
        isShare = rng.uniform() < sigmoid(-3.5 + 0.8 * affinity + 1.5 * (completion - 0.5) + 0.5 * world.videoQuality[v]);
        isComment = rng.uniform() < sigmoid(-4 + 0.6 * affinity + 0.8 * Math.log1p(watch / 60) + 0.3 * world.userClickBias[u]);
      }

      day[row] = d;
      userId[row] = u;
      videoId[row] = v;
      category[row] = world.videoCategory[v];
      hourCol[row] = h;
      network[row] = wifi ? 1 : 0;
      autoplayCol[row] = auto ? 1 : 0;
      lengthBucketCol[row] = lengthBucket(len);
      activityBucket[row] = world.userActivityBucket[u];
      logLength[row] = Math.log(len);
      ageDays[row] = d - world.videoPublishDay[v];
      logPopPrev[row] = world.videoLogPopPrev[v];
      logActivity[row] = Math.log(world.userActivity[u]);
      click[row] = isClick ? 1 : 0;
      vtr[row] = watch > p.vtr_threshold_s ? 1 : 0;
      vcr[row] = completion;
      share[row] = isShare ? 1 : 0;
      comment[row] = isComment ? 1 : 0;
      watchTime[row] = watch;
      viewed[row] = isViewed ? 1 : 0;
      clicked[row] = isClick ? 1 : 0;
    }
    onDay?.(d, p.days);
  }

  return {
    rows,
    columns: {
      day,
      user_id: userId,
      video_id: videoId,
      category,
      hour: hourCol,
      network,
      autoplay: autoplayCol,
      length_bucket: lengthBucketCol,
      user_activity_bucket: activityBucket,
      log_length: logLength,
      video_age_days: ageDays,
      log_popularity_prev: logPopPrev,
      user_log_activity: logActivity,
      click,
      vtr,
      vcr,
      share,
      comment,
      watch_time: watchTime,
      viewed,
      clicked,
    },
    metadata: {
      [META.generator]: 'video',
      [META.params]: canonicalJson(p),
      [META.seed]: String(seed),
      [META.formatVersion]: FORMAT_VERSION,
      [META.roles]: JSON.stringify(videoRoles(p)),
    },
  };
}
