import * as path from 'node:path';

/**
 * Where a config's paths point. Every relative path in a config (today
 * `data.path`) resolves against the config file's folder, so a config means
 * the same files whichever directory `ple` is started from; paths typed on
 * the command line resolve against the current directory. Messages show
 * paths relative to the current directory: what the user can type.
 */
export interface ConfigPaths {
  /** the config file's folder (absolute) */
  dir: string;
  /** the current directory, for messages */
  cwd: string;
}

/** A path written in the config, made absolute. */
export function resolveConfigPath(paths: Pick<ConfigPaths, 'dir'>, written: string): string {
  return path.resolve(paths.dir, written);
}

/** An absolute path as messages show it: relative to the current directory (itself when that is shorter to read). */
export function shownPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute);
  if (relative === '') return '.';
  return relative.split(path.sep).filter((p) => p === '..').length > 2 ? absolute : relative;
}
