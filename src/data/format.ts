/**
 * Version of the layout ple writes (column kinds, metadata keys). A file with
 * another version is regenerated rather than trusted.
 */
export const FORMAT_VERSION = '1';

/** Metadata keys ple stores in the Arrow schema metadata. */
export const META = {
  generator: 'generator',
  params: 'params',
  seed: 'seed',
  formatVersion: 'format_version',
  /** JSON DatasetRoles: which columns are features, labels, masks */
  roles: 'roles',
  /** the user's file a data set was imported from */
  sourceFile: 'source_file',
  /** a converted file's source: its sha256, and the key of what the import read (`import-cache.ts`) */
  sourceSha256: 'source_sha256',
  importKey: 'import_key',
} as const;

/** JSON with object keys sorted, so equal params always give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
