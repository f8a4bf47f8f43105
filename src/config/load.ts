import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { UserError } from '../errors';
import { notRegularFile, systemReason } from '../fs/regular-file';
import { validateConfig } from './validate';
import type { Config } from './types';

/** A config that could not be read or is invalid: every problem, each line prefixed by the file. */
export class ConfigError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Aliases (`*name`) a config may expand: enough for any real config, far too few for an alias bomb. */
const MAX_ALIASES = 100;

/** Bytes a config file may have; a real one has a few kilobytes. */
const MAX_CONFIG_BYTES = 1 << 20;

/** Parses YAML text; syntax errors become ConfigError lines with line and column. */
export function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  // later YAML errors are mostly echoes of the first one: report that one well
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
    throw new ConfigError(file, [`${where}invalid YAML: ${first.message.split(' at line')[0].split('\n')[0]}`]);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    // the yaml package's guard against alias bombs ("Excessive alias count")
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw new ConfigError(file, [`invalid YAML: its aliases expand to too much (more than ${MAX_ALIASES} expansions; an alias bomb?)`]);
    }
    throw err;
  }
}

/** A config as read from its file. */
export interface LoadedConfig {
  config: Config;
  raw: unknown;
  /** the file as shown in messages: relative to the current directory */
  file: string;
  /** the config file's folder (absolute): every relative path in the config resolves against it */
  dir: string;
}

/** Reads, parses and validates a config file; the only part of config/ that touches the disk. */
export async function loadConfig(file: string, cwd: string): Promise<LoadedConfig> {
  const absolute = path.resolve(cwd, file);
  const shown = path.relative(cwd, absolute) || file;
  const problem = await notRegularFile(absolute);
  if (problem) throw new ConfigError(shown, [problem]);
  let text: string;
  try {
    const { size } = await stat(absolute);
    if (size > MAX_CONFIG_BYTES) throw new ConfigError(shown, [`${size.toLocaleString('en')} bytes; a config has at most ${MAX_CONFIG_BYTES.toLocaleString('en')}`]);
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(shown, [`cannot read (${systemReason(err)})`]);
  }
  const raw = parseYaml(text, shown);
  const { config, errors } = validateConfig(raw);
  if (!config) throw new ConfigError(shown, errors);
  return { config, raw, file: shown, dir: path.dirname(absolute) };
}
