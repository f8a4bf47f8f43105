import { UserError } from '../errors';

/** The ranges `ple run` accepts for its counts: beyond them a typo would take the machine down rather than run. */
export const RUN_LIMITS = {
  jobs: { min: 1, max: 256 },
  seeds: { min: 1, max: 10_000 },
  dataSeeds: { min: 1, max: 1_000 },
} as const;

export interface Range {
  min: number;
  max: number;
}

/** `--jobs: expected an integer from 1 to 256, got 1.5` unless `value` is one. */
export function checkCount(flag: string, value: number | undefined, range: Range): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new UserError(`${flag}: expected an integer from ${range.min} to ${range.max.toLocaleString('en')}, got ${value}`);
  }
}
