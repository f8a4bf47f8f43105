import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { featuresSchema } from '../../src/config/schema';
import { dataGenerate, dataImport, dataInspect, renderInspect } from '../../src/commands/data';
import { DataError } from '../../src/data/errors';
import { fileConfig, tempDir, videoConfig } from './helpers';

describe('ple data commands', () => {
  const cwd = tempDir();
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  test('generate writes the file once, then reports it as present', async () => {
    const first = await dataGenerate({ config: videoConfig(), cwd });
    expect(first).toMatchObject({ path: path.join(cwd, 'data/video.arrow'), rows: 8000, generated: true });
    expect(first.seconds).toBeGreaterThan(0);
    expect((await dataGenerate({ config: videoConfig(), cwd })).generated).toBe(false);
    expect((await dataGenerate({ config: videoConfig(), cwd, force: true })).generated).toBe(true);
    await expect(dataGenerate({ config: fileConfig('x.csv'), cwd })).rejects.toThrow(/nothing to generate/);
  });

  test('import checks a CSV and writes it as Arrow beside it', async () => {
    fs.writeFileSync(path.join(cwd, 'logs.csv'), 'day,user,f1,click,ratio,seen\n1,0,0.5,1,0.2,1\n2,1,0.1,0,0,0\n3,2,0.3,1,1,1\n');
    const result = await dataImport({ file: 'logs.csv', config: fileConfig('logs.csv'), cwd });
    expect(result).toEqual({ path: path.join(cwd, 'logs.arrow'), rows: 3 });
    const custom = await dataImport({ file: 'logs.csv', config: fileConfig('logs.csv'), cwd, out: 'data/mine.arrow' });
    expect(fs.existsSync(custom.path)).toBe(true);

    fs.writeFileSync(path.join(cwd, 'broken.csv'), 'day,user,f1,click,ratio,seen\n1,0,0.5,3,0.2,1\n2,0,0,0,0,0\n3,0,0,0,0,0\n');
    await expect(dataImport({ file: 'broken.csv', config: fileConfig('broken.csv'), cwd })).rejects.toThrow(DataError);
    await expect(dataImport({ file: 'broken.csv', config: fileConfig('broken.csv'), cwd })).rejects.toThrow(
      /broken\.csv: column "click", row 1 \(line 2\): binary label must be 0 or 1, got 3/,
    );
  });

  test.each([
    ['an existing file without --force', { out: 'notes.txt' }, /^notes\.txt \(--out\): exists; add --force to replace it, or choose another --out$/],
    ['its own config, even with --force', { out: 'study.yaml', force: true }, /^study\.yaml \(--out\): is the config study\.yaml; choose another --out$/],
    ['the input, even with --force', { out: 'own.csv', force: true }, /^own\.csv \(--out\): is the input file own\.csv; choose another --out$/],
    ['the input through a link', { out: 'link.csv', force: true }, /^link\.csv \(--out\): is the input file own\.csv/],
    ['a folder', { out: 'data', force: true }, /^data \(--out\): is a directory; --out must name a file$/],
  ])('import never writes over %s', async (_name, options, pattern) => {
    fs.writeFileSync(path.join(cwd, 'own.csv'), 'day,user,f1,click,ratio,seen\n1,0,0.5,1,0.2,1\n2,1,0.1,0,0,0\n3,2,0.3,1,1,1\n');
    fs.writeFileSync(path.join(cwd, 'notes.txt'), 'mine\n');
    fs.writeFileSync(path.join(cwd, 'study.yaml'), 'name: study\n');
    if (!fs.existsSync(path.join(cwd, 'link.csv'))) fs.symlinkSync('own.csv', path.join(cwd, 'link.csv'));
    fs.mkdirSync(path.join(cwd, 'data'), { recursive: true });
    const before = ['own.csv', 'notes.txt', 'study.yaml'].map((f) => fs.readFileSync(path.join(cwd, f), 'utf8'));
    await expect(dataImport({ file: 'own.csv', config: fileConfig('own.csv'), cwd, configFile: 'study.yaml', ...options })).rejects.toThrow(pattern);
    expect(['own.csv', 'notes.txt', 'study.yaml'].map((f) => fs.readFileSync(path.join(cwd, f), 'utf8'))).toEqual(before);
  });

  test('import replaces an existing file with --force', async () => {
    fs.writeFileSync(path.join(cwd, 'own.csv'), 'day,user,f1,click,ratio,seen\n1,0,0.5,1,0.2,1\n2,1,0.1,0,0,0\n3,2,0.3,1,1,1\n');
    fs.writeFileSync(path.join(cwd, 'old.arrow'), 'stale');
    const result = await dataImport({ file: 'own.csv', config: fileConfig('own.csv'), cwd, out: 'old.arrow', force: true });
    expect(result.rows).toBe(3);
    expect(fs.readFileSync(result.path).subarray(0, 6).toString()).toBe('ARROW1');
  });

  test('inspect summarises a generated file and renders tables', async () => {
    await dataGenerate({ config: videoConfig(), cwd });
    const result = await dataInspect({ file: 'data/video.arrow', cwd });
    expect(result.rows).toBe(8000);
    expect(result.source).toBe('video');
    expect(result.rowsPerDay).toEqual([1, 2, 3, 4].map((day) => ({ day, rows: 2000 })));
    const vcr = result.numeric.find((n) => n.name === 'vcr')!;
    expect(vcr).toMatchObject({ role: 'label', min: 0, max: 1, mask: 'viewed' });
    expect(vcr.maskedMean!).toBeGreaterThan(vcr.mean);
    expect(result.masks.map((m) => m.name)).toEqual(['viewed', 'clicked']);
    expect(result.categorical.find((c) => c.name === 'hour')).toMatchObject({ vocab: 24, max: 23 });
    const text = renderInspect(result);
    expect(text).toContain('data/video.arrow: 8,000 rows, source video, seed 7');
    expect(text).toMatch(/vtr.*\n?/);
    expect(text).toContain('user_activity_bucket');

    const imported = await dataInspect({ file: 'logs.arrow', cwd });
    expect(imported.source).toBe('file');
    expect(imported.binary.map((b) => b.name)).toEqual(['click']);
  });

  test('inspect with a config reads a CSV as a run would: its split, vocabularies with the unseen values counted, transforms and warnings', async () => {
    const rows = ['day,user,city,f1,click,ratio,seen', '1,0,Paris,5000,1,0.25,1', '1,1,Lyon,0.1,0,0,0', '2,2,Paris,0.3,1,1,1', '3,3,Atlantis,0.2,0,0.5,1', '3,0,Lyon,0.2,1,0.5,1'];
    fs.writeFileSync(path.join(cwd, 'cities.csv'), rows.join('\n'));
    const config = { ...fileConfig('cities.csv'), features: featuresSchema.parse({ categorical: [{ name: 'city', dim: 2 }, { name: 'user', vocab: 5, dim: 2 }], numeric: ['f1'] }) };
    const result = await dataInspect({ file: 'cities.csv', cwd, config });
    expect(result.split).toEqual({ description: 'train days 1-2, test day 3; no validation slice', train: 3, validation: 0, test: 2 });
    expect(result.categorical.find((c) => c.name === 'city')).toEqual({ name: 'city', distinct: 3, vocab: 3, unseen: { validation: 0, test: 1 } });
    expect(result.categorical.find((c) => c.name === 'user')).toMatchObject({ vocab: 5, max: 3 });
    expect(result.warnings).toEqual([expect.stringMatching(/^numeric feature "f1" has values up to 5,000/)]);
    const text = renderInspect(result);
    expect(text).toContain('split: train days 1-2, test day 3; no validation slice');
    expect(text).toMatch(/│ city\s+│ 3\s+│ \(text\)\s+│ 3\s+│ 0\s+│ 1\s+│/);
    expect(text).toContain('warning: numeric feature "f1"');
    // without a file, the config's own data.path (relative to the config's folder)
    expect((await dataInspect({ cwd: os.tmpdir(), config: { ...config, data: { ...config.data, path: 'cities.csv' } }, configDir: cwd })).rows).toBe(5);
    await expect(dataInspect({ cwd })).rejects.toThrow(/name a file, or give --config/);
  });
});
