import { UserError } from '../errors';
import { checkCount, type Range } from '../run/run-limits';

/**
 * Readers for flag values, used as yargs `coerce`: the text the user typed
 * is checked here, so `--jobs abc` or `--jobs 1.5` is refused with the
 * flag's name instead of becoming NaN (yargs' own numbers accept `1e3`,
 * `0x10` and `abc`). A flag given twice takes its last value (yargs'
 * `duplicate-arguments-array` is off).
 */

const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** A whole number in `range`, written in digits. */
export function intFlag(flag: string, range: Range): (value: unknown) => number {
  return (value) => {
    const text = String(value).trim();
    if (!/^[+-]?\d+$/.test(text)) throw new UserError(`${flag}: expected an integer from ${range.min} to ${range.max.toLocaleString('en')}, got ${shown(value)}`);
    const n = Number(text);
    checkCount(flag, n, range);
    return n;
  };
}

/** Any seed: a whole number that a double holds exactly. */
export function seedFlag(flag: string): (value: unknown) => number {
  return (value) => {
    const text = String(value).trim();
    const n = Number(text);
    if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(n)) throw new UserError(`${flag}: expected an integer, got ${shown(value)}`);
    return n;
  };
}

/** A comma-separated list of names, at least one. */
export function listFlag(flag: string, what: string): (value: unknown) => string[] {
  return (value) => {
    const names = String(value).split(',').map((m) => m.trim()).filter(Boolean);
    if (names.length === 0) throw new UserError(`${flag}: expected a comma-separated list of ${what}, got ${shown(value)}`);
    return names;
  };
}

/** A path: not empty. */
export function pathFlag(flag: string): (value: unknown) => string {
  return (value) => {
    const text = String(value);
    if (text.trim() === '') throw new UserError(`${flag}: expected a path, got ${shown(value)}`);
    return text;
  };
}
