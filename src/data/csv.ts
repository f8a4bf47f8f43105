import * as fs from 'fs';
import { DataError } from './errors';
import { DictionaryBuilder, type TextColumn } from './text-column';

/**
 * A small reader for numeric CSV: a header row, comma-separated fields,
 * optional double quotes ("" inside quotes is a quote), \n or \r\n line ends,
 * blank lines skipped. Every column is parsed to numbers; the first cell that
 * is not a number is remembered per column, so only columns the config uses
 * can fail (a text column the config ignores is fine). The columns named in
 * `text` are also kept as text (`TextColumn`).
 */

export interface CsvColumns {
  header: string[];
  rows: number;
  /** parsed values by column name; NaN where a cell is not a number */
  values: Map<string, Float64Array>;
  /** the first cell of each column that is empty or not a number */
  firstBad: Map<string, { row: number; text: string }>;
  /** the first cell of each column that is text but not a number (empty cells excluded) */
  firstText: Map<string, { row: number; text: string }>;
  /** file line of each data row (1-based), for messages */
  lineOf: Int32Array;
  /** the columns asked for as text */
  texts: Map<string, TextColumn>;
}

export function readCsv(file: string, text: ReadonlySet<string> = new Set()): CsvColumns {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new DataError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { file });
  }
  if (content.charCodeAt(0) === 0xfeff) content = content.slice(1);
  const lines = content.split(/\r?\n/);
  let l = 0;
  while (l < lines.length && lines[l].trim() === '') l++;
  if (l === lines.length) throw new DataError(`${file}: empty file (expected a header row)`, { file });
  const header = splitLine(lines[l], file, l + 1).map((h) => h.trim());
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') throw new DataError(`${file}: line ${l + 1}: empty column name in the header`, { file, line: l + 1 });
    if (seen.has(name)) throw new DataError(`${file}: line ${l + 1}: column "${name}" appears twice in the header`, { file, column: name });
    seen.add(name);
  }

  const dataLines: number[] = [];
  for (let i = l + 1; i < lines.length; i++) if (lines[i].trim() !== '') dataLines.push(i);
  const rows = dataLines.length;
  const values = new Map(header.map((h) => [h, new Float64Array(rows)]));
  const columns = header.map((h) => values.get(h)!);
  const firstBad = new Map<string, { row: number; text: string }>();
  const firstText = new Map<string, { row: number; text: string }>();
  const lineOf = new Int32Array(rows);
  const builders = header.map((h) => (text.has(h) ? { builder: new DictionaryBuilder(), codes: new Int32Array(rows) } : undefined));
  for (let r = 0; r < rows; r++) {
    const line = dataLines[r];
    lineOf[r] = line + 1;
    const cells = splitLine(lines[line], file, line + 1);
    if (cells.length !== header.length) {
      throw new DataError(`${file}: row ${r + 1} (line ${line + 1}): expected ${header.length} fields, got ${cells.length}`, {
        file,
        row: r + 1,
        line: line + 1,
      });
    }
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c].trim();
      const kept = builders[c];
      if (kept) kept.codes[r] = kept.builder.code(cell);
      const v = parseNumber(cell);
      columns[c][r] = v;
      if (Number.isNaN(v) && !/^nan$/i.test(cell)) {
        if (!firstBad.has(header[c])) firstBad.set(header[c], { row: r + 1, text: cell });
        if (cell !== '' && !firstText.has(header[c])) firstText.set(header[c], { row: r + 1, text: cell });
      }
    }
  }
  const texts = new Map<string, TextColumn>();
  builders.forEach((b, c) => b && texts.set(header[c], { codes: b.codes, dictionary: b.builder.dictionary }));
  return { header, rows, values, firstBad, firstText, lineOf, texts };
}

/** Number of a cell; NaN when empty or not numeric ("NaN", "Infinity" parse to themselves). */
function parseNumber(cell: string): number {
  if (cell === '') return NaN;
  if (/^[+-]?inf(inity)?$/i.test(cell)) return cell.startsWith('-') ? -Infinity : Infinity;
  return Number(cell);
}

function splitLine(line: string, file: string, lineNumber: number): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  if (quoted) throw new DataError(`${file}: line ${lineNumber}: unclosed quote`, { file, line: lineNumber });
  cells.push(cell);
  return cells;
}
