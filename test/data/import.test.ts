import * as fs from 'fs';
import * as path from 'path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { DataError } from '../../src/data/errors';
import { importFile } from '../../src/data/import';
import { fileConfig, tempDir } from './helpers';

/** A valid file for fileConfig: days 1..3, user ids < 5, click 0/1, ratio in [0, 1] masked by seen. */
const GOOD = ['day,user,f1,click,ratio,seen,comment_text', '1,0,0.5,1,0.25,1,hello', '1,4,-2,0,0,0,', '2,2,1e3,1,1,1,"a, b"', '3,3,0,0,0.5,1,x'];

/** GOOD with one cell replaced: [data row (1-based), column, new text] */
function withCell(row: number, column: string, text: string): string {
  const lines = GOOD.map((l) => l.split(','));
  const c = lines[0].indexOf(column);
  lines[row][c] = text;
  return lines.map((l) => l.join(',')).join('\n');
}

describe('importing a user file', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  test('a good CSV becomes typed columns with the day column renamed', async () => {
    const file = write('good.csv', GOOD.join('\r\n') + '\r\n\r\n');
    const config = fileConfig(file);
    const ds = await importFile(file, config, 'good.csv');
    expect(ds.rows).toBe(4);
    expect(ds.columns.day).toEqual(Int32Array.of(1, 1, 2, 3));
    expect(ds.columns.user).toEqual(Int32Array.of(0, 4, 2, 3));
    expect(ds.columns.f1).toEqual(Float32Array.of(0.5, -2, 1000, 0));
    expect(ds.columns.ratio).toBeInstanceOf(Float32Array);
    expect(ds.columns.comment_text).toBeUndefined(); // columns the config does not name are dropped
    expect(ds.metadata.source_file).toBe('good.csv');
  });

  test('a masked label may be empty where its mask is 0, and is stored as 0', async () => {
    const file = write('masked.csv', withCell(2, 'ratio', ''));
    expect((await importFile(file, fileConfig(file))).columns.ratio[1]).toBe(0);
    const nan = write('masked-nan.csv', withCell(2, 'ratio', 'NaN'));
    expect((await importFile(nan, fileConfig(nan))).columns.ratio[1]).toBe(0);
  });

  test('a renamed day column and quoted headers are read', async () => {
    const file = write('renamed.csv', GOOD.join('\n').replace(/^day,user/, '"date",user'));
    const config = fileConfig(file);
    config.data.file = { day_column: 'date' };
    expect((await importFile(file, config)).columns.day).toEqual(Int32Array.of(1, 1, 2, 3));
  });

  // Each bad file → the message it must give: file, column and first bad row.
  test.each([
    ['missing column', GOOD.join('\n').replace(/,seen/, ',unseen'), /bad\.csv: column "seen": missing \(needed as mask of task "ratio"\); the file has: day, user, f1/],
    ['missing day column', GOOD.join('\n').replace(/^day/, 'when'), /bad\.csv: column "day": missing \(needed as the day column/],
    ['non-numeric value', withCell(3, 'f1', 'abc'), /bad\.csv: column "f1", row 3 \(line 4\): "abc" is not a number/],
    ['empty value', withCell(2, 'click', ''), /bad\.csv: column "click", row 2 \(line 3\): empty value \(missing\)/],
    ['non-finite value', withCell(4, 'f1', 'Infinity'), /bad\.csv: column "f1", row 4 \(line 5\): value Infinity is not finite/],
    ['NaN value', withCell(1, 'f1', 'NaN'), /bad\.csv: column "f1", row 1 \(line 2\): value NaN is not finite/],
    ['masked label empty where its mask is 1', withCell(1, 'ratio', ''), /column "ratio", row 1 \(line 2\): missing value, but mask "seen" is 1 on this row/],
    ['masked label that is text', withCell(2, 'ratio', 'n/a'), /column "ratio", row 2 \(line 3\): "n\/a" is not a number/],
    ['categorical id out of range', withCell(2, 'user', '5'), /bad\.csv: column "user", row 2 \(line 3\): categorical id 5 is not an integer in \[0, 5\)/],
    ['categorical id not an integer', withCell(1, 'user', '1.5'), /column "user", row 1 \(line 2\): categorical id 1.5 is not an integer in \[0, 5\)/],
    ['negative categorical id', withCell(4, 'user', '-1'), /column "user", row 4 \(line 5\): categorical id -1 is not an integer/],
    ['binary label not 0/1', withCell(3, 'click', '2'), /bad\.csv: column "click", row 3 \(line 4\): binary label must be 0 or 1, got 2 \(label of task "ctr"\)/],
    ['mask not 0/1', withCell(1, 'seen', '0.5'), /bad\.csv: column "seen", row 1 \(line 2\): mask must be 0 or 1, got 0.5 \(mask of task "ratio"\)/],
    ['sigmoid regression label outside [0, 1]', withCell(2, 'ratio', '1.5'), /column "ratio", row 2 \(line 3\): must be in \[0, 1\] for a task with sigmoid_output, got 1.5/],
    ['day outside the split days', withCell(4, 'day', '9'), /bad\.csv: column "day", row 4 \(line 5\): day 9 is not one of the config's split days \(1-3\)/],
    ['fractional day', withCell(1, 'day', '1.5'), /column "day", row 1 \(line 2\): day must be a whole number >= 1, got 1.5/],
    ['split day without rows', withCell(4, 'day', '2'), /bad\.csv: split.test_days names day 3 but the data has no rows on that day; days in the data: 1-2/],
    ['ragged row', GOOD.join('\n') + '\n1,2,3', /bad\.csv: row 5 \(line 6\): expected 7 fields, got 3/],
    ['unclosed quote', GOOD.join('\n') + '\n1,"2,3,0,0,0,x', /bad\.csv: line 6: unclosed quote/],
    ['empty file', '\n\n', /bad\.csv: empty file/],
    ['header only', GOOD[0], /bad\.csv: no data rows/],
  ])('%s', async (_name, text, pattern) => {
    const file = write('bad.csv', text);
    let error: unknown;
    try {
      await importFile(file, fileConfig(file), 'bad.csv');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(pattern);
  });

  test('Arrow files of any numeric type are converted; nulls and strings are errors', async () => {
    const good = tableFromArrays({
      day: Float64Array.of(1, 2, 3),
      user: BigInt64Array.of(1n, 2n, 3n),
      f1: Float64Array.of(0.5, 1.5, 2.5),
      click: Uint8Array.of(0, 1, 1),
      ratio: Float64Array.of(0.1, 0.2, 0.3),
      seen: Int8Array.of(1, 1, 0),
    });
    const file = path.join(dir, 'good.arrow');
    fs.writeFileSync(file, tableToIPC(good, 'file'));
    const ds = await importFile(file, fileConfig(file));
    expect(ds.columns.user).toEqual(Int32Array.of(1, 2, 3));
    expect(ds.columns.click).toEqual(Float32Array.of(0, 1, 1));

    const withNull = tableFromArrays({ day: [1, 2, 3], user: [1, 2, 3], f1: [0.5, null, 2], click: [0, 1, 1], ratio: [0, 0, 0], seen: [1, 1, 1] });
    const nullFile = path.join(dir, 'null.arrow');
    fs.writeFileSync(nullFile, tableToIPC(withNull, 'file'));
    await expect(importFile(nullFile, fileConfig(nullFile), 'null.arrow')).rejects.toThrow(/null\.arrow: column "f1", row 2: missing value \(null\)/);

    const withText = tableFromArrays({ day: [1, 2, 3], user: ['a', 'b', 'c'], f1: [0, 1, 2], click: [0, 1, 1], ratio: [0, 0, 0], seen: [1, 1, 1] });
    const textFile = path.join(dir, 'text.arrow');
    fs.writeFileSync(textFile, tableToIPC(withText, 'file'));
    await expect(importFile(textFile, fileConfig(textFile), 'text.arrow')).rejects.toThrow(/text\.arrow: column "user": expected numbers, the column is Dictionary/);
  });

  test('unknown extensions are refused with a hint', async () => {
    const txt = write('logs.txt', 'x');
    await expect(importFile(txt, fileConfig(txt))).rejects.toThrow(/unknown file type "\.txt"; use .csv, .arrow or .parquet/);
  });
});
