import { closest } from 'fastest-levenshtein';
import type { ZodIssue } from 'zod';

/** `['models', 2, 'arch']` → `models[2].arch` */
export function dottedPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out || '(top level)';
}

/** ` (did you mean "mmoe"?)` when a candidate is close enough, else ''. */
export function didYouMean(value: string, candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  const best = closest(value, candidates as string[]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return editDistanceAtMost(value, best, limit) ? ` (did you mean "${best}"?)` : '';
}

function editDistanceAtMost(a: string, b: string, limit: number): boolean {
  // small strings: a plain dynamic programme is enough
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] <= limit;
}

/** A short, readable rendering of a value the user wrote. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length > 6 ? `a list of ${value.length}` : JSON.stringify(value);
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node: unknown = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  integer: 'an integer',
};

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive: boolean; type: string }): string {
  const isMin = issue.minimum !== undefined;
  const limit = String(isMin ? issue.minimum : issue.maximum);
  const op = isMin ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  if (issue.type === 'array') return `a list with ${isMin ? 'at least' : 'at most'} ${limit} item(s)`;
  if (issue.type === 'string') return `a string of ${isMin ? 'at least' : 'at most'} ${limit} character(s)`;
  return `a number ${op} ${limit}`;
}

/**
 * One line per zod issue: `path: expected …, got …`. `keysAt` gives the
 * allowed keys of the object at a path, for unknown-key suggestions.
 */
export function formatIssue(
  issue: ZodIssue,
  root: unknown,
  keysAt: (path: readonly (string | number)[]) => string[],
  prefix: (string | number)[] = [],
): string[] {
  const path = [...prefix, ...issue.path];
  const got = describeValue(valueAt(root, issue.path));
  const at = dottedPath(path);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      if (issue.received === 'undefined') return [`${at}: required (expected ${expected})`];
      return [`${at}: expected ${expected}, got ${got}`];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = keysAt(issue.path);
        const hint = didYouMean(key, known) || (known.length ? ` (expected one of ${known.join(', ')})` : '');
        return `${dottedPath([...path, key])}: unknown key${hint}`;
      });
    case 'invalid_enum_value': {
      const options = issue.options.map(String);
      const hint = typeof issue.received === 'string' ? didYouMean(issue.received, options) : '';
      return [`${at}: expected one of ${options.join(', ')}, got ${got}${hint}`];
    }
    case 'too_small':
    case 'too_big': {
      return [`${at}: expected ${bound(issue)}, got ${got}`];
    }
    case 'invalid_string':
      return [`${at}: ${issue.message}, got ${got}`];
    case 'not_multiple_of':
      return [`${at}: expected a multiple of ${String(issue.multipleOf)}, got ${got}`];
    default:
      return [`${at}: ${issue.message}${got !== 'nothing' && !issue.message.includes('got') ? `, got ${got}` : ''}`];
  }
}
