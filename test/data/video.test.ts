import { generateVideo } from '../../src/data/video';
import { videoRoles } from '../../src/data/video-columns';
import { mean, tinyVideo } from './helpers';

describe('video simulator', () => {
  const ds = generateVideo(tinyVideo, 1);
  const c = ds.columns;

  test('same seed gives identical columns, another seed different ones', () => {
    const again = generateVideo(tinyVideo, 1);
    const other = generateVideo(tinyVideo, 2);
    for (const name of Object.keys(c)) {
      expect(Buffer.from(again.columns[name].buffer).equals(Buffer.from(c[name].buffer))).toBe(true);
    }
    expect(Buffer.from(other.columns.vcr.buffer).equals(Buffer.from(c.vcr.buffer))).toBe(false);
    expect(again.metadata).toEqual(ds.metadata);
  });

  test('shape: rows, days, ids within the vocab the roles declare', () => {
    expect(ds.rows).toBe(tinyVideo.impressions_per_day * tinyVideo.days);
    for (const col of Object.values(c)) expect(col.length).toBe(ds.rows);
    expect(Math.min(...c.day)).toBe(1);
    expect(Math.max(...c.day)).toBe(tinyVideo.days);
    for (const { name, vocab } of videoRoles(tinyVideo).categorical) {
      expect(c[name]).toBeInstanceOf(Int32Array);
      expect(Math.min(...c[name])).toBeGreaterThanOrEqual(0);
      expect(Math.max(...c[name])).toBeLessThan(vocab!);
    }
  });

  test('masks are consistent with the labels', () => {
    // Count violations rather than calling expect per row (keeps the test fast).
    const bad: Record<string, number> = {};
    const check = (ok: boolean, what: string) => {
      if (!ok) bad[what] = (bad[what] ?? 0) + 1;
    };
    for (let i = 0; i < ds.rows; i++) {
      check(c.viewed[i] === (c.click[i] === 1 || c.autoplay[i] === 1 ? 1 : 0), 'viewed = click or autoplay');
      check(c.clicked[i] === c.click[i], 'clicked = click');
      check(c.autoplay[i] === 0 || c.network[i] === 1, 'autoplay only on WiFi');
      check(c.viewed[i] === 1 || (c.vcr[i] === 0 && c.vtr[i] === 0 && c.watch_time[i] === 0), 'no watch when not viewed');
      check(c.clicked[i] === 1 || (c.share[i] === 0 && c.comment[i] === 0), 'no share/comment when not clicked');
      check(c.vcr[i] >= 0 && c.vcr[i] <= 1, 'vcr in [0, 1]');
      check(c.vtr[i] === (c.watch_time[i] > tinyVideo.vtr_threshold_s ? 1 : 0), 'vtr = watch time over threshold');
      check(c.video_age_days[i] >= 0, 'age >= 0');
    }
    expect(bad).toEqual({});
  });

  test('rates are plausible', () => {
    const viewed = (i: number) => c.viewed[i] === 1;
    expect(mean(c.click)).toBeGreaterThan(0.03);
    expect(mean(c.click)).toBeLessThan(0.4);
    expect(mean(c.vtr, viewed)).toBeGreaterThan(0.2);
    expect(mean(c.vtr, viewed)).toBeLessThan(0.95);
    expect(mean(c.vcr, viewed)).toBeGreaterThan(0.15);
    expect(mean(c.vcr, viewed)).toBeLessThan(0.85);
    expect(mean(c.network)).toBeGreaterThan(0.45);
    expect(mean(c.network)).toBeLessThan(0.75);
  });

  test('new videos appear only after day 1', () => {
    for (let i = 0; i < ds.rows; i++) {
      if (c.video_id[i] >= tinyVideo.videos) expect(c.day[i]).toBeGreaterThan(1);
    }
    expect(Array.from(c.video_id).some((v, i) => v >= tinyVideo.videos && c.day[i] === tinyVideo.days)).toBe(true);
  });

  test('length conflict: long videos pass VTR more and complete less than short ones', () => {
    const big = generateVideo({ ...tinyVideo, impressions_per_day: 5000, length_conflict: 1 }, 3);
    const b = big.columns;
    const short = (i: number) => b.viewed[i] === 1 && b.length_bucket[i] <= 1; // < 60 s
    const long = (i: number) => b.viewed[i] === 1 && b.length_bucket[i] >= 3; // >= 180 s
    expect(mean(b.vtr, long)).toBeGreaterThan(mean(b.vtr, short));
    expect(mean(b.vcr, long)).toBeLessThan(mean(b.vcr, short));
  });

  test('autoplay inflates watch events of unclicked impressions', () => {
    const off = generateVideo({ ...tinyVideo, autoplay_inflation: 0 }, 1).columns;
    const on = generateVideo({ ...tinyVideo, autoplay_inflation: 2 }, 1).columns;
    const passive = (cols: typeof c) => (i: number) => cols.autoplay[i] === 1 && cols.click[i] === 0;
    expect(mean(on.vtr, passive(on))).toBeGreaterThan(mean(off.vtr, passive(off)) + 0.05);
  });
});
