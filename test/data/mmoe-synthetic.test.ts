import { syntheticParamsSchema } from '../../src/config/schema';
import { generateSynthetic, orthonormalPair } from '../../src/data/mmoe-synthetic';
import { Rng } from '../../src/data/random';

function pearson(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('MMoE synthetic generator', () => {
  const params = (correlation: number) => syntheticParamsSchema.parse({ correlation, samples: 4000, dim: 16, days: 8 });

  test('orthonormal pair from Gram–Schmidt', () => {
    const [u1, u2] = orthonormalPair(16, new Rng(1));
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
    expect(dot(u1, u1)).toBeCloseTo(1, 10);
    expect(dot(u2, u2)).toBeCloseTo(1, 10);
    expect(dot(u1, u2)).toBeCloseTo(0, 10);
  });

  test('label correlation rises with p', () => {
    const corr = [0, 0.5, 1].map((p) => {
      const ds = generateSynthetic(params(p), 5);
      return pearson(ds.columns.y1 as Float32Array, ds.columns.y2 as Float32Array);
    });
    expect(corr[2]).toBeGreaterThan(0.95); // same weights: labels differ only by the noise
    expect(corr[0]).toBeLessThan(0.5);
    expect(corr[1]).toBeGreaterThan(corr[0]);
    expect(corr[2]).toBeGreaterThan(corr[1]);
  });

  test('columns, days and determinism', () => {
    const a = generateSynthetic(params(0.3), 9);
    const b = generateSynthetic(params(0.3), 9);
    const c = generateSynthetic(params(0.3), 10);
    expect(Object.keys(a.columns)).toEqual(['day', ...Array.from({ length: 16 }, (_, j) => `x${j}`), 'y1', 'y2']);
    expect(Buffer.from(a.columns.y1.buffer).equals(Buffer.from(b.columns.y1.buffer))).toBe(true);
    expect(Buffer.from(a.columns.y1.buffer).equals(Buffer.from(c.columns.y1.buffer))).toBe(false);
    const perDay = new Array(9).fill(0);
    for (const d of a.columns.day) perDay[d]++;
    expect(perDay.slice(1)).toEqual(new Array(8).fill(500));
  });

  test('noise has variance 0.01: with m = 0 and p = 1, y1 − y2 has variance 0.02', () => {
    const ds = generateSynthetic(syntheticParamsSchema.parse({ correlation: 1, sinusoids: 0, samples: 20000, dim: 4 }), 2);
    const y1 = ds.columns.y1;
    const y2 = ds.columns.y2;
    let s = 0;
    let ss = 0;
    for (let i = 0; i < ds.rows; i++) {
      const d = y1[i] - y2[i];
      s += d;
      ss += d * d;
    }
    const variance = ss / ds.rows - (s / ds.rows) ** 2;
    expect(variance).toBeGreaterThan(0.018);
    expect(variance).toBeLessThan(0.022);
  });
});
