import seedrandom from 'seedrandom';

/**
 * The one seeded generator a data generator passes down. Alea is used for
 * speed (a 1M-row simulation draws ~10M numbers); `Math.random` is never used.
 * The order of draws is part of the output: changing it changes every data set.
 */
export class Rng {
  private readonly next: () => number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number | string) {
    this.next = seedrandom.alea(String(seed));
  }

  /** uniform in [0, 1) */
  uniform(): number {
    return this.next();
  }

  /** uniform integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** standard normal (Box–Muller, both values used) */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = this.next();
    while (u <= 0) u = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }

  /** Gamma(shape, 1) by Marsaglia–Tsang (boosted for shape < 1) */
  gamma(shape: number): number {
    if (shape < 1) {
      const u = Math.max(this.next(), Number.MIN_VALUE);
      return this.gamma(shape + 1) * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(Math.max(u, Number.MIN_VALUE)) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) from two gammas */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }
}

/**
 * Walker/Vose alias table: draws an index with probability proportional to its
 * weight in O(1) from one uniform (a binary search over 20k users costs
 * ~15 cache misses per impression).
 */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  readonly size: number;

  constructor(weights: ArrayLike<number>, count = weights.length) {
    const n = count;
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    const scaled = new Float64Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      if (scaled[i] < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns];
      const l = large[--nl];
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) small[ns++] = l;
      else large[nl++] = l;
    }
    while (nl > 0) this.prob[large[--nl]] = 1;
    while (ns > 0) this.prob[small[--ns]] = 1; // rounding leftovers
  }

  /** index for a uniform u in [0, 1) */
  pick(u: number): number {
    const x = u * this.size;
    const i = Math.min(this.size - 1, Math.floor(x));
    return x - i < this.prob[i] ? i : this.alias[i];
  }
}
