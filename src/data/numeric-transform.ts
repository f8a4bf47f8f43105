import type { NumericFeature } from '../config/types';
import { fail, type Where } from './errors';

/**
 * A numeric feature's transform (`features.numeric[].transform`), with the
 * statistics it needs from the training rows: the value is first clipped to
 * `clip`, then `standardize` gives (x − mean) / sd (the training rows' mean
 * and population sd, sd 1 when they are all equal), `log1p` ln(1 + x), `none`
 * x. Results are float32, computed the same way for a run and for `ple
 * predict`, so both give the same bits.
 */
export interface NumericEncoding {
  name: string;
  transform: NumericFeature['transform'];
  clip?: [number, number];
  /** standardize only */
  mean?: number;
  sd?: number;
}

/** Values an untransformed feature may reach before `ple` warns that they go into the network as they are. */
const RAW_WARNING_LIMIT = 1e3;

export function fitNumeric(feature: NumericFeature, values: ArrayLike<number>, trainRows: Int32Array): NumericEncoding {
  const base: NumericEncoding = { name: feature.name, transform: feature.transform, ...(feature.clip ? { clip: feature.clip } : {}) };
  if (feature.transform !== 'standardize') return base;
  let sum = 0;
  for (const r of trainRows) sum += clipped(values[r], base.clip);
  const mean = trainRows.length > 0 ? sum / trainRows.length : 0;
  let squares = 0;
  for (const r of trainRows) squares += (clipped(values[r], base.clip) - mean) ** 2;
  const sd = Math.sqrt(trainRows.length > 0 ? squares / trainRows.length : 0);
  return { ...base, mean, sd: sd > 0 && Number.isFinite(sd) ? sd : 1 };
}

/** The transformed column; `where(i)` locates row i for the message when a value is outside log1p's domain. */
export function applyNumeric(encoding: NumericEncoding, values: Float32Array, where: (i: number) => Where): Float32Array {
  if (encoding.transform === 'none' && !encoding.clip) return values;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = clipped(values[i], encoding.clip);
    if (encoding.transform === 'standardize') out[i] = (x - encoding.mean!) / encoding.sd!;
    else if (encoding.transform === 'log1p') {
      if (!(x > -1)) fail(where(i), `log1p needs values above -1, got ${x} (features.numeric "${encoding.name}": clip it, or use another transform)`);
      out[i] = Math.log1p(x);
    } else out[i] = x;
  }
  return out;
}

/** A warning when an untransformed feature holds values beyond ±RAW_WARNING_LIMIT, else undefined. */
export function rawScaleWarning(encoding: NumericEncoding, values: ArrayLike<number>): string | undefined {
  if (encoding.transform !== 'none') return undefined;
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]));
  if (!(largest > RAW_WARNING_LIMIT)) return undefined;
  return (
    `numeric feature "${encoding.name}" has values up to ${largest.toLocaleString('en', { maximumSignificantDigits: 4 })} in magnitude and no transform: ` +
    `they go into the network as they are; set transform: standardize (or log1p) for it in features.numeric`
  );
}

function clipped(x: number, clip: [number, number] | undefined): number {
  return clip ? Math.min(Math.max(x, clip[0]), clip[1]) : x;
}
