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
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const [line, col] = e.linePos?.[0] ? [e.linePos[0].line, e.linePos[0].col] : [undefined, undefined];
        const where = line !== undefined ? `line ${line}, column ${col}: ` : '';
        return `${where}invalid YAML: ${e.message.split('\n')[0]}`;
      }),
    );
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
