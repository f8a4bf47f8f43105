import * as fs from 'fs';
import * as path from 'path';
import { featuresSchema } from '../../src/config/schema';
import { readArrowMetadata } from '../../src/data/arrow';
import { loadDataset } from '../../src/data/load';
import { sha256File } from '../../src/fs/sha256';
import { fileConfig, tempDir } from './helpers';

describe('a CSV read directly, its conversion to Arrow cached by the file\'s hash', () => {
  const dir = tempDir();
  const cacheDir = path.join(dir, 'results', '.data-cache');
  const csv = path.join(dir, 'logs.csv');
  const write = (extra = '') => fs.writeFileSync(csv, `day,user,city,f1,click,ratio,seen\n1,0,Paris,0.5,1,0.25,1\n2,1,Lyon,0.1,0,0,0\n3,2,Paris,0.3,1,1,1\n${extra}`);
  const config = { ...fileConfig('logs.csv'), features: featuresSchema.parse({ categorical: [{ name: 'city', dim: 2 }], numeric: ['f1'] }) };
  const cached = () => fs.readdirSync(cacheDir).filter((f) => f.endsWith('.arrow'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the first load converts and keeps the Arrow file; the second reads it; both give the same data and the CSV\'s hash', async () => {
    write();
    const first = await loadDataset(config, { dir, cacheDir });
    expect(cached()).toHaveLength(1);
    const file = path.join(cacheDir, cached()[0]);
    expect(cached()[0]).toMatch(/^logs\.csv\.[0-9a-f]{16}\.arrow$/);
    const metadata = await readArrowMetadata(file);
    expect(metadata.source_sha256).toBe(await sha256File(csv));
    const stamp = fs.statSync(file).mtimeMs;
    const second = await loadDataset(config, { dir, cacheDir });
    expect(fs.statSync(file).mtimeMs).toBe(stamp);
    expect(second.sha256).toBe(first.sha256);
    expect(second.sha256).toBe(await sha256File(csv));
    expect(second.dataset.dictionaries).toEqual(first.dataset.dictionaries);
    expect(second.dataset.columns.f1).toEqual(first.dataset.columns.f1);
    expect(second.path).toBe(csv);
  });

  test('editing the CSV, or the columns the config reads, converts again', async () => {
    write();
    await loadDataset(config, { dir, cacheDir });
    const before = cached().length;
    write('3,3,Nice,0.9,0,0.5,1\n');
    const changed = await loadDataset(config, { dir, cacheDir });
    expect(changed.dataset.rows).toBe(4);
    expect(cached().length).toBe(before + 1);
    const moreColumns = { ...config, features: featuresSchema.parse({ categorical: [{ name: 'city', dim: 2 }, { name: 'user', dim: 2 }], numeric: ['f1'] }) };
    expect((await loadDataset(moreColumns, { dir, cacheDir })).dataset.dictionaries?.user).toEqual(['0', '1', '2', '3']);
    expect(cached().length).toBe(before + 2);
  });

  test('a damaged cache file is converted again, not trusted', async () => {
    write();
    await loadDataset(config, { dir, cacheDir });
    for (const f of cached()) fs.writeFileSync(path.join(cacheDir, f), 'not arrow');
    const again = await loadDataset(config, { dir, cacheDir });
    expect(again.dataset.rows).toBe(3);
    // the conversion this load needed is rewritten; the others stay as they are until a load needs them
    expect(cached().filter((f) => fs.readFileSync(path.join(cacheDir, f)).subarray(0, 6).toString() === 'ARROW1')).toHaveLength(1);
  });
});
