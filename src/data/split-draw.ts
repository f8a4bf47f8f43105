import type { Rng } from './random';

/**
 * Draws `fraction` of the given units (rows, or groups of rows) without
 * replacement, seeded: a partial Fisher–Yates shuffle of a copy, whose first
 * round(fraction × n) entries are drawn (at least one when there are any).
 * Returns a mask over unit ids.
 */
export function drawUnits(units: ArrayLike<number>, fraction: number, rng: Rng, size: number): Uint8Array {
  const pool = Array.from(units);
  const take = pool.length === 0 ? 0 : Math.min(pool.length, Math.max(1, Math.round(fraction * pool.length)));
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(pool.length - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  const drawn = new Uint8Array(size);
  for (let i = 0; i < take; i++) drawn[pool[i]] = 1;
  return drawn;
}

/** The rows (in file order) whose part is `part`. */
export function rowsOf(parts: Uint8Array, part: number): Int32Array {
  let n = 0;
  for (let i = 0; i < parts.length; i++) if (parts[i] === part) n++;
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < parts.length; i++) if (parts[i] === part) out[k++] = i;
  return out;
}

/** Part codes of `rowsOf` and the split columns. */
export const PART = { train: 1, validation: 2, test: 3 } as const;

