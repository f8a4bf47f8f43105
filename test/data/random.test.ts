import { AliasTable, Rng } from '../../src/data/random';

describe('seeded randomness', () => {
  test('same seed, same stream; another seed, another stream', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const c = new Rng(2);
    const draw = (r: Rng) => Array.from({ length: 5 }, () => r.normal());
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
  });

  test('normal and beta have the right moments', () => {
    const rng = new Rng(3);
    const n = 50000;
    let s = 0;
    let ss = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      s += x;
      ss += x * x;
      b += rng.beta(1.2, 2.8); // mean 0.3
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(ss / n - 1)).toBeLessThan(0.03);
    expect(Math.abs(b / n - 0.3)).toBeLessThan(0.01);
  });

  test('the alias table draws in proportion to the weights', () => {
    const weights = [0.5, 3, 0, 1.5, 5];
    const table = new AliasTable(weights);
    const rng = new Rng(4);
    const counts = new Array(weights.length).fill(0);
    const n = 100000;
    for (let i = 0; i < n; i++) counts[table.pick(rng.uniform())]++;
    const total = weights.reduce((a, w) => a + w, 0);
    weights.forEach((w, i) => expect(Math.abs(counts[i] / n - w / total)).toBeLessThan(0.006));
    expect(counts[2]).toBe(0);
    expect(new AliasTable(weights, 2).size).toBe(2); // a prefix of the weights
  });
});
