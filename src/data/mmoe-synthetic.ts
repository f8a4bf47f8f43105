import type { SyntheticParams } from '../config/types';
import type { Column, Dataset, DatasetRoles } from './types';
import { FORMAT_VERSION, META, canonicalJson } from './format';
import { Rng } from './random';

/**
 * The synthetic generator of Ma et al., "Modeling Task Relationships in
 * Multi-task Learning with Multi-gate Mixture-of-Experts" (KDD 2018), §4.1,
 * also used by the PLE paper (Fig. 7):
 *
 *   u1, u2 orthogonal unit vectors in R^d (Gram–Schmidt on two Gaussians)
 *   w1 = c·u1,  w2 = c·(p·u1 + sqrt(1 − p²)·u2)
 *   x ~ N(0, I_d)
 *   y_k = w_kᵀx + Σ_{i=1..m} sin(α_i·w_kᵀx + β_i) + ε_k,  α_i, β_i ~ N(0, 1) shared by both tasks,
 *   ε_k ~ N(0, 0.01)  (variance 0.01)
 *
 * p is the cosine between w1 and w2, which sets the label correlation.
 */
export function generateSynthetic(p: SyntheticParams, seed: number): Dataset {
  const rng = new Rng(`synthetic:${seed}`);
  const d = p.dim;
  const n = p.samples;

  const [u1, u2] = orthonormalPair(d, rng);
  const w1 = new Float64Array(d);
  const w2 = new Float64Array(d);
  const q = Math.sqrt(Math.max(0, 1 - p.correlation * p.correlation));
  for (let j = 0; j < d; j++) {
    w1[j] = p.scale * u1[j];
    w2[j] = p.scale * (p.correlation * u1[j] + q * u2[j]);
  }
  const alpha = new Float64Array(p.sinusoids);
  const beta = new Float64Array(p.sinusoids);
  for (let i = 0; i < p.sinusoids; i++) {
    alpha[i] = rng.normal();
    beta[i] = rng.normal();
  }

  // Column by column (sequential memory): x_j for every row, accumulating w_kᵀx.
  const xs: Float32Array[] = [];
  const a1 = new Float64Array(n);
  const a2 = new Float64Array(n);
  for (let j = 0; j < d; j++) {
    const x = new Float32Array(n);
    const w1j = w1[j];
    const w2j = w2[j];
    for (let r = 0; r < n; r++) {
      const v = Math.fround(rng.normal()); // the stored value, so labels follow exactly from the features
      x[r] = v;
      a1[r] += w1j * v;
      a2[r] += w2j * v;
    }
    xs.push(x);
  }
  const y1 = new Float32Array(n);
  const y2 = new Float32Array(n);
  const day = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < p.sinusoids; i++) {
      s1 += Math.sin(alpha[i] * a1[r] + beta[i]);
      s2 += Math.sin(alpha[i] * a2[r] + beta[i]);
    }
    y1[r] = a1[r] + s1 + 0.1 * rng.normal();
    y2[r] = a2[r] + s2 + 0.1 * rng.normal();
    day[r] = 1 + Math.floor((r * p.days) / n);
  }

  const columns: Record<string, Column> = { day };
  xs.forEach((x, j) => (columns[`x${j}`] = x));
  columns.y1 = y1;
  columns.y2 = y2;
  const roles: DatasetRoles = {
    categorical: [],
    numeric: xs.map((_, j) => `x${j}`),
    binary: [],
    regression: ['y1', 'y2'],
    masks: [],
  };
  return {
    rows: n,
    columns,
    metadata: {
      [META.generator]: 'synthetic',
      [META.params]: canonicalJson(p),
      [META.seed]: String(seed),
      [META.formatVersion]: FORMAT_VERSION,
      [META.roles]: JSON.stringify(roles),
    },
  };
}

/** Two orthogonal unit vectors: Gram–Schmidt on two standard Gaussian vectors. */
export function orthonormalPair(d: number, rng: Rng): [Float64Array, Float64Array] {
  if (d < 2) throw new RangeError('the synthetic generator needs dim >= 2 for two orthogonal vectors');
  const a = Float64Array.from({ length: d }, () => rng.normal());
  const b = Float64Array.from({ length: d }, () => rng.normal());
  normalize(a);
  const proj = dot(a, b);
  for (let j = 0; j < d; j++) b[j] -= proj * a[j];
  normalize(b);
  return [a, b];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

function normalize(a: Float64Array): void {
  const norm = Math.sqrt(dot(a, a));
  for (let j = 0; j < a.length; j++) a[j] /= norm;
}
