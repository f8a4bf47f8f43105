import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { UserError } from '../errors';
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
  return doc.toJS();
}

/** Reads, parses and validates a config file; the only part of config/ that touches the disk. */
export async function loadConfig(file: string, cwd: string): Promise<{ config: Config; raw: unknown; file: string }> {
  const absolute = path.resolve(cwd, file);
  const shown = path.relative(cwd, absolute) || file;
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(shown, [code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(err)})`]);
  }
  const raw = parseYaml(text, shown);
  const { config, errors } = validateConfig(raw);
  if (!config) throw new ConfigError(shown, errors);
  return { config, raw, file: shown };
}
