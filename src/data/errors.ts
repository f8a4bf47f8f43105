import { UserError } from '../errors';

/**
 * A problem with a data file or data set that the user can fix: a missing
 * column, a bad value, a split day that has no rows. The CLI prints the
 * message alone (no stack trace) and exits with code 2.
 */
export class DataError extends UserError {
  override readonly name: string = 'DataError';
  /** the file the problem was found in, when there is one */
  readonly file?: string;
  /** the column, when the problem is in one */
  readonly column?: string;
  /** 1-based data row (the header is not counted), when the problem is in one row */
  readonly row?: number;

  constructor(message: string, where: Where = {}) {
    super(message);
    this.file = where.file;
    this.column = where.column;
    this.row = where.row;
  }
}

/** Where a problem is: file, column, 1-based data row and, for text files, the line. */
export interface Where {
  file?: string;
  column?: string;
  row?: number;
  line?: number;
}

/** Builds the message prefix `file: column "x", row 5 (line 6): ` from whatever is known. */
export function locate(where: Where): string {
  const parts: string[] = [];
  if (where.column !== undefined) parts.push(`column "${where.column}"`);
  if (where.row !== undefined) parts.push(`row ${where.row}` + (where.line !== undefined ? ` (line ${where.line})` : ''));
  else if (where.line !== undefined) parts.push(`line ${where.line}`);
  const head = where.file !== undefined ? `${where.file}: ` : '';
  return parts.length > 0 ? `${head}${parts.join(', ')}: ` : head;
}

/** Throws a DataError located at file/column/row. */
export function fail(where: Where, what: string): never {
  throw new DataError(locate(where) + what, where);
}
