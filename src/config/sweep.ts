import { configSchema } from './schema';
import { schemaKeysAt } from './schema-keys';
import { describeValue, didYouMean } from './format-issues';

/** One point of a sweep grid: the fields it sets and a folder-safe key naming them. */
export interface SweepPoint {
  key: string;
  overrides: Record<string, unknown>;
}

type PathPart = string | number;

/** `tasks[1].gamma` → ['tasks', 1, 'gamma'] */
export function parsePath(text: string): PathPart[] {
  const parts: PathPart[] = [];
  for (const piece of text.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(piece);
    if (!m) return [];
    parts.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]));
  }
  return parts;
}

/** Every problem with the grid's paths: each must name a field the config schema has (list items must exist in the config). */
export function checkSweepPaths(raw: Record<string, unknown>, sweep: Record<string, unknown[]>): string[] {
  const errors: string[] = [];
  for (const text of Object.keys(sweep)) {
    const parts = parsePath(text);
    const where = `sweep.${text}`;
    if (parts.length === 0 || parts[0] === 'sweep' || parts[0] === 'name') {
      errors.push(`${where}: not a parameter path (expected e.g. data.synthetic.correlation or tasks[1].gamma)`);
      continue;
    }
    const parent = parts.slice(0, -1);
    const last = parts[parts.length - 1];
    if (typeof last !== 'string') {
      errors.push(`${where}: expected the path to end in a field name`);
      continue;
    }
    let node: unknown = raw;
    let missingIndex = false;
    for (const part of parent) {
      if (typeof part === 'number' && !(Array.isArray(node) && part < node.length)) missingIndex = true;
      node = node && typeof node === 'object' ? (node as Record<PathPart, unknown>)[part] : undefined;
    }
    if (missingIndex) {
      errors.push(`${where}: the config has no such list item`);
      continue;
    }
    const inModel = parent[0] === 'models' && typeof parent[1] === 'number';
    const keys = inModel ? [] : schemaKeysAt(configSchema, parent);
    if (!inModel && !keys.includes(last)) {
      errors.push(`${where}: unknown parameter "${last}"${didYouMean(last, keys)}${keys.length ? ` (expected one of ${keys.join(', ')})` : ''}`);
    }
  }
  return errors;
}

/** A list of named items (tasks, models) reads as their names joined by '+'; anything else as its JSON. */
function shortValue(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string')) {
    return value.map((v) => (v as { name: string }).name).join('+');
  }
  return describeValue(value);
}

function keyPart(path: string, value: unknown): string {
  const name = parsePath(path)
    .filter((p): p is string => typeof p === 'string')
    .at(-1)!;
  const index = parsePath(path).find((p) => typeof p === 'number');
  const shown = typeof value === 'object' ? shortValue(value) : String(value);
  return `${name}${index !== undefined ? index : ''}=${shown}`.replace(/[^A-Za-z0-9_.=+-]/g, '_');
}

/** The grid's points, in order: the last path varies fastest. */
export function expandSweep(sweep: Record<string, unknown[]>): SweepPoint[] {
  let points: SweepPoint[] = [{ key: '', overrides: {} }];
  for (const [path, values] of Object.entries(sweep)) {
    points = points.flatMap((p) =>
      values.map((value) => ({
        key: p.key ? `${p.key},${keyPart(path, value)}` : keyPart(path, value),
        overrides: { ...p.overrides, [path]: value },
      })),
    );
  }
  return points;
}

/** A copy of the raw config with the point's fields set and the sweep removed; data paths get the key when data changes. */
export function applyPoint(raw: Record<string, unknown>, point: SweepPoint): Record<string, unknown> {
  const copy = structuredClone(raw);
  delete copy.sweep;
  for (const [text, value] of Object.entries(point.overrides)) {
    const parts = parsePath(text);
    let node = copy as Record<PathPart, unknown>;
    for (const part of parts.slice(0, -1)) {
      if (node[part] === undefined || node[part] === null) node[part] = {};
      node = node[part] as Record<PathPart, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  const dataChanged = Object.keys(point.overrides).some((p) => p.startsWith('data.'));
  const data = copy.data as Record<string, unknown> | undefined;
  if (dataChanged && data && typeof data.path === 'string' && data.source !== 'file') {
    data.path = data.path.replace(/(\.[^./]+)?$/, (ext) => `-${point.key}${ext}`);
  }
  return copy;
}
