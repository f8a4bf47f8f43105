import { dottedPath } from './format-issues';

/**
 * Every number in a parsed YAML document that is not finite (`.inf`,
 * `-.inf`, `.nan`, `1e309`), one line each: `training.learning_rate:
 * expected a finite number, got Infinity`. zod's `z.number()` lets ±Infinity
 * through, and JSON then stores it as null; this one walk holds every
 * number of a config to the rule (sections, model arguments, sweep values)
 * instead of a `.finite()` on each field.
 */
export function nonFiniteNumbers(value: unknown, at: (string | number)[] = []): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${dottedPath(at)}: expected a finite number, got ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFiniteNumbers(v, [...at, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nonFiniteNumbers(v, [...at, k]));
  return [];
}
