/** Small Markdown helpers: escaping of the user's strings, table rows with escaped cells. */

/**
 * A string from a config, a data file or a result (a name, a path, a note)
 * as inline Markdown text that renders as exactly those characters: HTML
 * (`<script>`) and entities become text, emphasis, links, code and
 * strikethrough markers are backslash-escaped, line breaks become spaces.
 * An underscore inside a word (`single_task`) is left as it is, since it
 * never starts emphasis. Pipes are left to `cell`.
 */
export function mdText(text: string | number): string {
  return String(text)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*[\]~$#]/g, (c) => `\\${c}`)
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * A paragraph of the user's text (a config's description): each line as
 * `mdText`, with pipes escaped too, and a line that would start a heading,
 * list, quote or rule escaped at its start; blank lines stay paragraph breaks.
 */
export function mdParagraph(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => mdText(line).replace(/\|/g, '\\|').replace(/^(\s*)([-+=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2'))
    .join('\n');
}

/** A string as an inline code span that it cannot close: a fence longer than any run of backticks in it. */
export function mdCode(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space from each end of a span that has both, and a backtick at an end needs one
  const pad = /^`|`$/.test(flat) || /^ .*\S.* $/.test(flat) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A cell's text: pipes escaped (unless `mdText` or `mdParagraph` escaped them already), line breaks flattened, so a failure message cannot break the table. */
export function cell(text: string | number): string {
  return String(text).replace(/(?<=(?:^|[^\\])(?:\\\\)*)\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function row(cells: readonly (string | number)[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

export function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  return [row(head), `| ${head.map(() => '---').join(' | ')} |`, ...rows.map(row)];
}

/** "1–7" for a run of consecutive days, else "1, 3, 5". */
export function dayList(days: readonly number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const consecutive = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1);
  return consecutive && sorted.length > 2 ? `${sorted[0]}–${sorted[sorted.length - 1]}` : sorted.join(', ');
}

export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(2)} h`;
}
