import * as fs from 'fs';
import * as path from 'path';
import { readArrow, readArrowMetadata, writeArrow } from '../../src/data/arrow';
import type { Dataset } from '../../src/data/types';
import { generateVideo } from '../../src/data/video';
import { tempDir, tinyVideo } from './helpers';

describe('Arrow IPC files', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('round trip is exact, metadata included', async () => {
    const ds: Dataset = {
      rows: 5,
      columns: {
        day: Int32Array.of(1, 1, 2, 3, 3),
        id: Int32Array.of(0, 4, 2147483647, -2147483648, 7),
        x: Float32Array.of(0.1, -0, 3.4e38, 1e-45, Math.PI),
      },
      metadata: { generator: 'test', params: '{"a":1}', seed: '42', note: 'äöü ✓' },
    };
    const file = path.join(dir, 'small.arrow');
    await writeArrow(file, ds);
    const back = readArrow(file);
    expect(back.rows).toBe(5);
    expect(Object.keys(back.columns)).toEqual(['day', 'id', 'x']);
    for (const name of Object.keys(ds.columns)) {
      expect(back.columns[name].constructor).toBe(ds.columns[name].constructor);
      const col = back.columns[name];
      expect(Buffer.from(col.buffer, col.byteOffset, col.byteLength).equals(Buffer.from(ds.columns[name].buffer))).toBe(true);
    }
    expect(Object.is(back.columns.x[1], -0)).toBe(true);
    expect(back.metadata).toEqual(ds.metadata);
    expect(await readArrowMetadata(file)).toEqual(ds.metadata);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]); // no temp file left behind
  });

  test('a generated data set round-trips, and the same seed writes identical bytes', async () => {
    const a = path.join(dir, 'a.arrow');
    const b = path.join(dir, 'b.arrow');
    const c = path.join(dir, 'c.arrow');
    const ds = generateVideo(tinyVideo, 11);
    await writeArrow(a, ds);
    await writeArrow(b, generateVideo(tinyVideo, 11));
    await writeArrow(c, generateVideo(tinyVideo, 12));
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
    expect(fs.readFileSync(a).equals(fs.readFileSync(c))).toBe(false);
    const back = readArrow(a);
    expect(back.metadata).toEqual(ds.metadata);
    const bytes = (col: ArrayBufferView) => Buffer.from(col.buffer, col.byteOffset, col.byteLength);
    for (const name of Object.keys(ds.columns)) expect(bytes(back.columns[name]).equals(bytes(ds.columns[name]))).toBe(true);
  });

  test('reading a file that is not Arrow is a DataError naming the file', () => {
    const bad = path.join(dir, 'bad.arrow');
    fs.writeFileSync(bad, 'day,x\n1,2\n');
    expect(() => readArrow(bad)).toThrow(/bad\.arrow: not a readable Arrow IPC file/);
    expect(() => readArrow(path.join(dir, 'absent.arrow'))).toThrow(/absent\.arrow: cannot open \(ENOENT\)/);
  });
});
