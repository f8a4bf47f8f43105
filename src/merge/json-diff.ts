import { isDeepStrictEqual } from 'node:util';

/**
 * The dotted paths at which two JSON values differ (`training.seeds`,
 * `models[2].args.experts`), outermost first; `[]` when they are equal.
 */
export function differingPaths(a: unknown, b: unknown, at = ''): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((item, i) => differingPaths(item, b[i], `${at}[${i}]`));
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => differingPaths(a[key], b[key], at ? `${at}.${key}` : key));
  }
  return [at || '(the whole value)'];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
