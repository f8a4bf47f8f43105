import * as fs from 'fs';
import * as path from 'path';
import { DataError } from '../../src/data/errors';
import { loadDataset, type DataProgress } from '../../src/data/load';
import { fileConfig, syntheticConfig, tempDir, videoConfig } from './helpers';

describe('loadDataset', () => {
  const cwd = tempDir();
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  test('generates and writes when the file is missing, reuses it when the config matches', async () => {
    const config = videoConfig();
    const events: DataProgress['stage'][] = [];
    const first = await loadDataset(config, { dir: cwd, onProgress: (e) => events.push(e.stage) });
    expect(first.generated).toBe(true);
    expect(first.path).toBe(path.join(cwd, 'data/video.arrow'));
    expect(events).toEqual(expect.arrayContaining(['generating', 'writing', 'checking']));
    const stat = fs.statSync(first.path);

    const second = await loadDataset(config, { dir: cwd });
    expect(second.generated).toBe(false);
    expect(fs.statSync(first.path).mtimeMs).toBe(stat.mtimeMs);
    const bytes = (col: ArrayBufferView) => Buffer.from(col.buffer, col.byteOffset, col.byteLength);
    for (const name of Object.keys(first.dataset.columns)) {
      expect(bytes(second.dataset.columns[name]).equals(bytes(first.dataset.columns[name]))).toBe(true);
    }
  });

  test('regenerates when params or seed change, or when forced', async () => {
    const config = videoConfig();
    await loadDataset(config, { dir: cwd });
    const changed = videoConfig({ video: { ...config.data.video!, length_conflict: 0.5 } });
    expect((await loadDataset(changed, { dir: cwd })).generated).toBe(true);
    expect((await loadDataset(changed, { dir: cwd })).generated).toBe(false);
    expect((await loadDataset(videoConfig({ seed: 8, video: changed.data.video }), { dir: cwd })).generated).toBe(true);
    expect((await loadDataset(videoConfig({ seed: 8, video: changed.data.video }), { dir: cwd, force: true })).generated).toBe(true);
  });

  test('a truncated cache file is not replaced (its metadata cannot say ple made it); once removed, it is regenerated', async () => {
    const config = videoConfig({ path: 'data/truncated.arrow' });
    const { path: file } = await loadDataset(config, { dir: cwd });
    fs.truncateSync(file, 100);
    await expect(loadDataset(config, { dir: cwd })).rejects.toThrow(/data\/truncated\.arrow \(data\.path\): exists and is not an Arrow file ple generated/);
    expect(fs.statSync(file).size).toBe(100);
    fs.rmSync(file);
    expect((await loadDataset(config, { dir: cwd })).generated).toBe(true);
  });

  test.each([
    ['a text file', (file: string) => fs.writeFileSync(file, 'my notes\n'), /exists and is not an Arrow file ple generated/],
    ['a folder', (file: string) => fs.mkdirSync(file), /is a directory; ple writes generated data only/],
    ['a link to a text file', (file: string) => (fs.writeFileSync(`${file}.target`, 'x'), fs.symlinkSync(`${file}.target`, file)), /is a symbolic link/],
  ])('never writes generated data over %s at data.path', async (_name, make, pattern) => {
    const file = path.join(cwd, 'data', `victim-${_name.replace(/\W/g, '')}.arrow`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    make(file);
    const before = fs.lstatSync(file);
    const config = videoConfig({ path: path.relative(cwd, file) });
    await expect(loadDataset(config, { dir: cwd, force: true })).rejects.toThrow(pattern);
    expect(fs.lstatSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
  });

  test('never writes over an Arrow file ple imported rather than generated', async () => {
    fs.writeFileSync(path.join(cwd, 'own.csv'), 'day,user,f1,click,ratio,seen\n1,0,0.5,1,0.2,1\n2,1,0.1,0,0,0\n3,2,0.3,1,1,1\n');
    const imported = fileConfig('own.csv');
    const { dataset } = await loadDataset(imported, { dir: cwd });
    const { writeArrow } = await import('../../src/data/arrow');
    await writeArrow(path.join(cwd, 'own.arrow'), dataset);
    await expect(loadDataset(videoConfig({ path: 'own.arrow' }), { dir: cwd })).rejects.toThrow(/own\.arrow \(data\.path\): exists and is an Arrow file ple did not generate \(its metadata says generator "file"\)/);
  });

  test("removes a dead writer's stray temporary file of data.path, and no other", async () => {
    const config = videoConfig({ path: 'data/stray.arrow' });
    const dir = path.join(cwd, 'data');
    fs.mkdirSync(dir, { recursive: true });
    const dead = path.join(dir, 'stray.arrow.999999999.0123abcd.tmp');
    const live = path.join(dir, `stray.arrow.${process.pid}.0123abcd.tmp`);
    const other = path.join(dir, 'other.arrow.999999999.0123abcd.tmp');
    for (const f of [dead, live, other]) fs.writeFileSync(f, 'partial');
    const notices: string[] = [];
    const loaded = await loadDataset(config, { dir: cwd, notice: (m) => notices.push(m) });
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(notices).toEqual(['removed 1 temporary file(s) of data/stray.arrow that a stopped process left']);
    expect([dead, live, other].map((f) => fs.existsSync(f))).toEqual([false, true, true]);
    for (const f of [live, other]) fs.rmSync(f);
  });

  test('the synthetic generator is cached the same way', async () => {
    const config = syntheticConfig();
    const first = await loadDataset(config, { dir: cwd });
    expect(first.generated).toBe(true);
    expect(first.dataset.rows).toBe(800);
    expect((await loadDataset(config, { dir: cwd })).generated).toBe(false);
  });

  test.each([
    [
      'a feature the data lacks',
      (c: ReturnType<typeof videoConfig>) => c.features.numeric.push({ name: 'no_such_column', transform: 'none' }),
      /data\/video\.arrow: column "no_such_column": missing \(needed as numeric feature\); the file has: day, user_id/,
    ],
    [
      'a vocab too small for the simulator',
      (c: ReturnType<typeof videoConfig>) => (c.features.categorical[0].vocab = 50),
      /column "user_id", row \d+: categorical id \d+ is not an integer in \[0, 50\)/,
    ],
    [
      'a categorical feature that is numeric in the data',
      (c: ReturnType<typeof videoConfig>) => c.features.categorical.push({ name: 'log_length', vocab: 10, dim: 2 }),
      /column "log_length": categorical feature must be an Int32 column of ids/,
    ],
    [
      'a binary task on a real-valued column',
      (c: ReturnType<typeof videoConfig>) => (c.tasks[0].label = 'watch_time'),
      /column "watch_time", row \d+: binary label must be 0 or 1, got [\d.]+ \(label of task "vtr"\)/,
    ],
    [
      'a test day past the simulated days',
      (c: ReturnType<typeof videoConfig>) => (c.split.test_days = [9]),
      /split\.test_days names day 9 but the data has no rows on that day; days in the data: 1-4/,
    ],
  ])('rejects %s', async (_name, edit, pattern) => {
    const config = videoConfig();
    edit(config);
    await expect(loadDataset(config, { dir: cwd })).rejects.toThrow(DataError);
    await expect(loadDataset(config, { dir: cwd })).rejects.toThrow(pattern);
  });

  test('a file source is imported and checked', async () => {
    fs.writeFileSync(path.join(cwd, 'logs.csv'), 'day,user,f1,click,ratio,seen\n1,0,0.5,1,0.2,1\n2,1,0.1,0,0,0\n3,2,0.3,1,1,1\n');
    const loaded = await loadDataset(fileConfig('logs.csv'), { dir: cwd });
    expect(loaded.generated).toBe(false);
    expect(loaded.dataset.rows).toBe(3);
    await expect(loadDataset(fileConfig('absent.csv'), { dir: cwd })).rejects.toThrow(/absent\.csv \(data\.path\): no such file/);
  });
});
