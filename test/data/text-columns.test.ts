import * as fs from 'fs';
import * as path from 'path';
import { Table, tableFromArrays, tableToIPC, vectorFromArray, Utf8 } from 'apache-arrow';
import { featuresSchema, splitSchema } from '../../src/config/schema';
import type { Config } from '../../src/config/types';
import { readArrow, writeArrow } from '../../src/data/arrow';
import { importFile } from '../../src/data/import';
import { fileConfig, tempDir } from './helpers';

/** fileConfig with `user` and `city` as categories the run's vocabularies encode (no vocab given). */
function textConfig(file: string): Config {
  const base = fileConfig(file);
  return {
    ...base,
    features: featuresSchema.parse({ categorical: [{ name: 'user', dim: 2 }, { name: 'city', dim: 2 }], numeric: ['f1'] }),
  };
}

const CSV = ['day,user,city,f1,click,ratio,seen', '1,7, Paris ,0.5,1,0.25,1', '1,07,Lyon,-2,0,0,0', '2,7,"Paris",1,1,1,1', '3,12,,0,0,0.5,1'].join('\n');

describe('categories as text or integers, read without a vocab', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a CSV category is its trimmed text: "7" and "07" differ, "" is a category of its own', async () => {
    const file = path.join(dir, 'text.csv');
    fs.writeFileSync(file, CSV);
    const ds = await importFile(file, textConfig(file));
    expect(ds.dictionaries?.user).toEqual(['7', '07', '12']);
    expect(ds.columns.user).toEqual(Int32Array.of(0, 1, 0, 2));
    expect(ds.dictionaries?.city).toEqual(['Paris', 'Lyon', '']);
    expect(ds.columns.city).toEqual(Int32Array.of(0, 1, 0, 2));
    // numeric columns are still checked and typed
    expect(ds.columns.f1).toEqual(Float32Array.of(0.5, -2, 1, 0));
  });

  test('text columns survive an Arrow round trip as Dictionary<Int32, Utf8>, readable by any Arrow reader', async () => {
    const file = path.join(dir, 'text.csv');
    fs.writeFileSync(file, CSV);
    const ds = await importFile(file, textConfig(file));
    const out = path.join(dir, 'text.arrow');
    await writeArrow(out, ds);
    const back = readArrow(out);
    expect(back.dictionaries).toEqual(ds.dictionaries);
    expect(back.columns.city).toEqual(ds.columns.city);
    const { tableFromIPC } = await import('apache-arrow');
    const table = tableFromIPC(fs.readFileSync(out));
    expect(String(table.schema.fields.find((f) => f.name === 'city')!.type)).toBe('Dictionary<Int32, Utf8>');
    expect(table.getChild('city')!.toArray()).toEqual(['Paris', 'Lyon', 'Paris', '']);
  });

  test("a user's Arrow file: Utf8, dictionary and integer columns all read as text", async () => {
    const numbers = { day: Int32Array.of(1, 2, 3), user: Int32Array.of(7, 7, 12), f1: Float64Array.of(1, 2, 3), click: Float64Array.of(1, 0, 1), ratio: Float64Array.of(0.5, 0, 1), seen: Float64Array.of(1, 1, 1) };
    const utf8 = new Table({ ...Object.fromEntries(Object.entries(numbers).map(([k, v]) => [k, vectorFromArray(v)])), city: vectorFromArray(['Paris', null, 'Paris'], new Utf8()) });
    const dictionary = tableFromArrays({ ...numbers, city: [' Paris', 'Rome', null] });
    expect(String(dictionary.schema.fields.find((f) => f.name === 'city')!.type)).toMatch(/^Dictionary/);
    for (const [name, table, codes, values] of [
      ['utf8.arrow', utf8, [0, 1, 0], ['Paris', '']],
      ['dictionary.arrow', dictionary, [0, 1, 2], ['Paris', 'Rome', '']],
    ] as const) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, tableToIPC(table, 'file'));
      const ds = await importFile(file, textConfig(file));
      expect(ds.dictionaries?.user).toEqual(['7', '12']);
      expect(ds.dictionaries?.city).toEqual(values);
      expect(Array.from(ds.columns.city)).toEqual(codes);
    }
  });

  test('a split column and a group column are read as text; no day column is needed', async () => {
    const file = path.join(dir, 'parts.csv');
    fs.writeFileSync(file, ['user,part,f1,click,ratio,seen', 'a,train,1,1,0.5,1', 'b,test,2,0,0,1', 'a,validation,3,1,1,1'].join('\n'));
    const byColumn = { ...textConfig(file), features: featuresSchema.parse({ categorical: [{ name: 'user', dim: 2 }], numeric: ['f1'] }), split: splitSchema.parse({ column: 'part' }) };
    const ds = await importFile(file, byColumn);
    expect(ds.columns.day).toBeUndefined();
    expect(ds.dictionaries?.part).toEqual(['train', 'test', 'validation']);
    const grouped = { ...byColumn, split: splitSchema.parse({ random: { test: 0.5, group: 'user' } }) };
    expect((await importFile(file, grouped)).dictionaries?.user).toEqual(['a', 'b']);
  });

  test('a config vocab still means integer ids, checked against it', async () => {
    const file = path.join(dir, 'ids.csv');
    fs.writeFileSync(file, CSV);
    const config = { ...textConfig(file), features: featuresSchema.parse({ categorical: [{ name: 'user', vocab: 10, dim: 2 }], numeric: ['f1'] }) };
    await expect(importFile(file, config, 'ids.csv')).rejects.toThrow(/ids\.csv: column "user", row 4 \(line 5\): categorical id 12 is not an integer in \[0, 10\)/);
  });
});
