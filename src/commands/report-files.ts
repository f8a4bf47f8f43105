import { open, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UserError } from '../errors';
import { kindOf, lstatOrUndefined } from '../fs/regular-file';

/** How a Markdown report and an SVG figure of `ple report` begin. */
const OWN_START: Record<string, RegExp> = {
  '.md': /^# ple (study|sweep): /,
  '.svg': /^<svg [^>]*class="marks"/,
};

/** Whether `file` is one `ple report` wrote: a report's title, a vega SVG, or a report.json (a study summary or a sweep's). */
async function writtenByReport(file: string): Promise<boolean> {
  const ext = path.extname(file);
  if (ext !== '.json') return OWN_START[ext]?.test(await head(file)) ?? false;
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    return ('run_id' in value && 'config_name' in value) || ('study' in value && 'reports' in value);
  } catch {
    return false;
  }
}

async function head(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Throws unless every one of `files` is absent or one `ple report` wrote: a
 * report.md, report.json or SVG the user keeps in the folder `--out` names
 * stays as it is. Called before a report writes anything.
 */
export async function checkReportTargets(files: readonly string[], cwd: string): Promise<void> {
  for (const file of files) {
    const existing = await lstatOrUndefined(file);
    if (!existing) continue;
    const shown = path.relative(cwd, file) || file;
    if (!existing.isFile()) throw new UserError(`${shown}: is ${kindOf(existing)}, where the report writes a file; choose another --out`);
    if (!(await writtenByReport(file))) throw new UserError(`${shown}: exists and is not a file ple report wrote; choose another --out, or move it away`);
  }
}
