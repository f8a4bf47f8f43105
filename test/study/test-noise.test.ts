import { Rng } from '../../src/data/random';
import { testSetVariance, type TestSetColumns } from '../../src/study/test-noise';

/** DeLong's variance of AUC(a) − AUC(b) on the same rows (DeLong et al. 1988), the reference for the bootstrap. */
function delongDifferenceVariance(a: Float32Array, b: Float32Array, labels: Float32Array): number {
  const pos: number[] = [];
  const neg: number[] = [];
  labels.forEach((y, i) => (y >= 0.5 ? pos : neg).push(i));
  const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
  const components = (s: Float32Array) => ({
    v10: pos.map((i) => neg.reduce((t, j) => t + psi(s[i], s[j]), 0) / neg.length),
    v01: neg.map((j) => pos.reduce((t, i) => t + psi(s[i], s[j]), 0) / pos.length),
  });
  const ca = components(a);
  const cb = components(b);
  const varOfDiff = (x: number[], y: number[]) => {
    const d = x.map((v, i) => v - y[i]);
    const m = d.reduce((s, v) => s + v, 0) / d.length;
    return d.reduce((s, v) => s + (v - m) ** 2, 0) / (d.length - 1);
  };
  return varOfDiff(ca.v10, cb.v10) / pos.length + varOfDiff(ca.v01, cb.v01) / neg.length;
}

function normals(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

describe('the paired test-row bootstrap', () => {
  test('MSE, known answer: the variance of the mean row difference, var(d)/n', () => {
    const n = 2000;
    const rng = new Rng('mse-known');
    const labels = normals(rng, n);
    const base = Float32Array.from(labels, (y) => y + 0.5 * rng.normal());
    const model = Float32Array.from(labels, (y) => y + 0.45 * rng.normal());
    const test: TestSetColumns = { rows: n, tasks: [{ name: 'y', metric: 'mse', labels, mask: new Float32Array(n).fill(1) }] };
    const v = testSetVariance(test, new Map([[1, [base]]]), [{ model: 'm', outputs: new Map([[1, [model]]]), seeds: { y: [1] } }], { resamples: 4000, seed: 'known' });
    const d = Array.from(labels, (y, r) => (base[r] - y) ** 2 - (model[r] - y) ** 2);
    const mean = d.reduce((s, x) => s + x, 0) / n;
    const expected = d.reduce((s, x) => s + (x - mean) ** 2, 0) / n / n;
    expect(v.get('m')!.y! / expected).toBeGreaterThan(0.92);
    expect(v.get('m')!.y! / expected).toBeLessThan(1.08);
  });

  test("AUC, known answer: DeLong's variance of a paired AUC difference", () => {
    const n = 1500;
    const rng = new Rng('auc-known');
    const labels = Float32Array.from({ length: n }, () => (rng.uniform() < 0.4 ? 1 : 0));
    const shared = normals(rng, n);
    const base = Float32Array.from(labels, (y, r) => 0.9 * y + shared[r] + 0.8 * rng.normal());
    const model = Float32Array.from(labels, (y, r) => y + shared[r] + 0.8 * rng.normal());
    const test: TestSetColumns = { rows: n, tasks: [{ name: 'y', metric: 'auc', labels, mask: new Float32Array(n).fill(1) }] };
    const v = testSetVariance(test, new Map([[1, [base]]]), [{ model: 'm', outputs: new Map([[1, [model]]]), seeds: { y: [1] } }], { resamples: 3000, seed: 'known' });
    const expected = delongDifferenceVariance(model, base, labels);
    expect(v.get('m')!.y! / expected).toBeGreaterThan(0.88);
    expect(v.get('m')!.y! / expected).toBeLessThan(1.12);
  });

  test('paired: a model identical to its baseline has no test-set variance at all', () => {
    const n = 500;
    const rng = new Rng('same');
    const labels = Float32Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : 0));
    const out = normals(rng, n);
    const test: TestSetColumns = { rows: n, tasks: [{ name: 'y', metric: 'auc', labels, mask: new Float32Array(n).fill(1) }] };
    const v = testSetVariance(test, new Map([[1, [out]]]), [{ model: 'm', outputs: new Map([[1, [out]]]), seeds: { y: [1] } }], { resamples: 50, seed: 's' });
    expect(v.get('m')!.y).toBe(0);
  });

  test('one draw of rows for every seed: noise common to the seeds is not divided by their number', () => {
    // every seed's predictions are the same, so averaging over seeds must not shrink the variance
    const n = 800;
    const rng = new Rng('common');
    const labels = normals(rng, n);
    const base = Float32Array.from(labels, (y) => y + rng.normal());
    const model = Float32Array.from(labels, (y) => y + 0.8 * rng.normal());
    const mask = new Float32Array(n).fill(1);
    const test: TestSetColumns = { rows: n, tasks: [{ name: 'y', metric: 'mse', labels, mask }] };
    const seeds = [1, 2, 3, 4];
    const run = (ss: number[]) =>
      testSetVariance(test, new Map(ss.map((s) => [s, [base]])), [{ model: 'm', outputs: new Map(ss.map((s) => [s, [model]])), seeds: { y: ss } }], { resamples: 400, seed: 'c' })
        .get('m')!.y!;
    expect(run(seeds)).toBeCloseTo(run([1]), 15);
  });

  test('masked rows do not count, and the same seed gives the same variance', () => {
    const n = 600;
    const rng = new Rng('mask');
    const labels = normals(rng, n);
    const base = Float32Array.from(labels, (y) => y + rng.normal());
    const model = Float32Array.from(labels, (y) => y + 0.7 * rng.normal());
    const mask = Float32Array.from({ length: n }, (_, r) => (r % 2 === 0 ? 1 : 0));
    const scrambled = Float32Array.from(model, (v, r) => (mask[r] ? v : 1e6)); // masked-out rows: any value
    const test: TestSetColumns = { rows: n, tasks: [{ name: 'y', metric: 'mse', labels, mask }] };
    const go = (m: Float32Array) =>
      testSetVariance(test, new Map([[1, [base]]]), [{ model: 'm', outputs: new Map([[1, [m]]]), seeds: { y: [1] } }], { resamples: 200, seed: 'x' }).get('m')!.y;
    expect(go(scrambled)).toBe(go(model));
    expect(go(model)).toBeGreaterThan(0);
  });
});
