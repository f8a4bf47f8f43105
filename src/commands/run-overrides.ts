import { UserError } from '../errors';
import { checkCount, RUN_LIMITS, type Range } from '../run/run-limits';

/** The flags of `ple run` that change what is trained. */
export interface RunOverrides {
  /** train only these models now (by name); the run keeps the others it has */
  models?: string[];
  /** use seeds 1..N */
  seeds?: number;
  /** use this one seed */
  seed?: number;
  /** use simulated worlds 1..N (generated sources) */
  dataSeeds?: number;
}

/** Applies the command-line overrides to the raw config, so the saved config says what ran. */
export function applyOverrides(raw: Record<string, unknown>, options: RunOverrides, file: string): Record<string, unknown> {
  const copy = structuredClone(raw);
  if (options.models) {
    const models = (copy.models ?? []) as { name?: unknown }[];
    const known = models.map((m) => String(m.name));
    const unknown = options.models.filter((m) => !known.includes(m));
    if (unknown.length) throw new UserError(`--models: ${unknown.map((m) => `"${m}"`).join(', ')} not in ${file} (models: ${known.join(', ')})`);
    copy.models = models.filter((m) => options.models!.includes(String(m.name)));
  }
  const training = { ...((copy.training ?? {}) as Record<string, unknown>) };
  if (options.seeds !== undefined) training.seeds = oneTo(options.seeds, '--seeds', RUN_LIMITS.seeds);
  if (options.seed !== undefined) {
    if (!Number.isInteger(options.seed)) throw new UserError(`--seed: expected an integer, got ${options.seed}`);
    training.seeds = [options.seed];
  }
  if (options.dataSeeds !== undefined) training.data_seeds = oneTo(options.dataSeeds, '--data-seeds', RUN_LIMITS.dataSeeds);
  copy.training = training;
  return copy;
}

function oneTo(n: number, flag: string, range: Range): number[] {
  checkCount(flag, n, range);
  return Array.from({ length: n }, (_, i) => i + 1);
}
