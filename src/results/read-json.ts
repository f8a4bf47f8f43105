import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { formatIssue } from '../config/format-issues';
import { schemaKeysAt } from '../config/schema-keys';
import { UserError } from '../errors';
import { systemReason } from '../fs/regular-file';

/** A result file that is missing, unreadable, not JSON or not in the shape ple writes: names the file and what is wrong. */
export class CorruptResultError extends UserError {
  constructor(
    readonly file: string,
    readonly reason: string,
    hint?: string,
  ) {
    super(`${file}: ${reason}${hint ? `; ${hint}` : ''}`);
    this.name = 'CorruptResultError';
  }
}

async function readText(file: string, hint: string | undefined): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CorruptResultError(file, `cannot read (${systemReason(err)})`, hint);
  }
}

function parse<S extends z.ZodTypeAny>(text: string, shape: S, file: string, hint: string | undefined, where = ''): z.output<S> {
  if (text.trim() === '') throw new CorruptResultError(file, `${where}empty`, hint);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CorruptResultError(file, `${where}not valid JSON (${(err as Error).message}): cut short or damaged`, hint);
  }
  const checked = shape.safeParse(value);
  if (!checked.success) {
    const problems = checked.error.issues.slice(0, 3).flatMap((issue) => formatIssue(issue, value, (p) => schemaKeysAt(shape, p)));
    throw new CorruptResultError(file, `${where}not in the shape ple writes (${problems.join('; ')})`, hint);
  }
  return checked.data;
}

/** A JSON file in `shape`, or undefined when it does not exist. */
export async function readJsonIfPresent<S extends z.ZodTypeAny>(file: string, shape: S, hint?: string): Promise<z.output<S> | undefined> {
  const text = await readText(file, hint);
  return text === undefined ? undefined : parse(text, shape, file, hint);
}

/** A JSON file in `shape`; missing is an error too. */
export async function readJsonFile<S extends z.ZodTypeAny>(file: string, shape: S, hint?: string): Promise<z.output<S>> {
  const text = await readText(file, hint);
  if (text === undefined) throw new CorruptResultError(file, 'missing', hint);
  return parse(text, shape, file, hint);
}

/** A JSON-lines file, each line in `shape`; a damaged line is named by its number, and missing is an error. */
export async function readJsonLines<S extends z.ZodTypeAny>(file: string, shape: S, hint?: string): Promise<z.output<S>[]> {
  const text = await readText(file, hint);
  if (text === undefined) throw new CorruptResultError(file, 'missing', hint);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  else if (lines.length > 0) throw new CorruptResultError(file, `line ${lines.length}: cut short (no line end)`, hint);
  return lines.map((line, i) => parse(line, shape, file, hint, `line ${i + 1}: `));
}
