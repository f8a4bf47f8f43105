/**
 * A column of text values — categories as a file writes them, a split
 * column's `train`/`test` — stored as Int32 codes into its distinct values
 * (in order of first appearance). A category is its text as written,
 * trimmed; a typed number (an Arrow or Parquet integer column) is its
 * decimal text, so `7` in a CSV and 7 in a Parquet file are one category;
 * an empty cell or a null is the category "" (shown as "(empty)").
 */
export interface TextColumn {
  codes: Int32Array;
  dictionary: string[];
}

/** Builds a text column value by value. */
export class DictionaryBuilder {
  private readonly index = new Map<string, number>();
  readonly dictionary: string[] = [];

  code(text: string): number {
    let code = this.index.get(text);
    if (code === undefined) {
      code = this.dictionary.length;
      this.index.set(text, code);
      this.dictionary.push(text);
    }
    return code;
  }
}

/** The text of a typed cell (a number, bigint, boolean, string, or null). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return String(value).trim();
}

/** How a category shows in messages and tables. */
export function showCategory(text: string): string {
  return text === '' ? '(empty)' : JSON.stringify(text);
}
