import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * Parquet goes through hyparquet, an ES module, which jest's CommonJS sandbox
 * cannot import: so these tests write the files with hyparquet-writer and
 * import them with the built CLI, each in a plain node process.
 */
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/ple');

/** Writes a Parquet file from columns of numbers (null for a missing cell), or of strings. */
function writeParquet(file: string, columns: Record<string, (number | null)[] | string[]>): void {
  const columnData = Object.entries(columns).map(([name, data]) => ({ name, data, type: typeof data[0] === 'string' ? 'STRING' : 'DOUBLE' }));
  const script = `import { parquetWriteFile } from 'hyparquet-writer'; parquetWriteFile({ filename: ${JSON.stringify(file)}, columnData: ${JSON.stringify(columnData)} });`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
}

const cwd = mkdtempSync(path.join(os.tmpdir(), 'ple-parquet-'));
const days = [1, 2, 3, 4, 5, 6, 7, 8];
writeFileSync(
  path.join(cwd, 'logs.yaml'),
  stringify({
    name: 'logs',
    data: { source: 'file', path: 'logs.parquet' },
    split: { train_days: [1, 2, 3, 4, 5, 6, 7], test_days: [8] },
    tasks: [
      { name: 'ctr', type: 'binary', label: 'click' },
      { name: 'vcr', type: 'regression', label: 'vcr', mask: 'clicked' },
    ],
    features: { categorical: [{ name: 'user', vocab: 10, dim: 2 }], numeric: ['length'] },
    models: [{ name: 'single_task', arch: 'single_task' }],
  }),
);

function importFile(name: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [BIN, 'data', 'import', name, '--config', 'logs.yaml', '--cwd', cwd], { encoding: 'utf8' });
}

describe('ple data import of a Parquet file', () => {
  it('reads the columns, checks them and writes Arrow', () => {
    writeParquet(path.join(cwd, 'logs.parquet'), {
      day: days,
      user: days.map((d) => d % 10),
      length: days.map((d) => d * 1.5),
      click: days.map((d) => d % 2),
      clicked: days.map((d) => d % 2),
      vcr: days.map((d) => (d % 2 ? 0.5 : null)), // only where clicked
    });
    const result = importFile('logs.parquet');
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/logs\.arrow: 8 rows, all checks passed/);
    expect(result.status).toBe(0);
    const inspect = spawnSync(process.execPath, [BIN, 'data', 'inspect', 'logs.arrow', '--cwd', cwd], { encoding: 'utf8' });
    expect(inspect.stdout).toMatch(/8 rows/);
  });

  it('names the file, column and row of a missing label inside its task', () => {
    writeParquet(path.join(cwd, 'bad.parquet'), {
      day: days,
      user: days.map((d) => d % 10),
      length: days.map((d) => d * 1.5),
      click: days.map(() => 1),
      clicked: days.map(() => 1),
      vcr: days.map((d) => (d === 3 ? null : 0.5)),
    });
    const result = importFile('bad.parquet');
    expect(result.stderr).toMatch(/bad\.parquet: column "vcr", row 3/);
    expect(result.status).toBe(2);
  });

  it('refuses a file that is not Parquet', () => {
    writeFileSync(path.join(cwd, 'junk.parquet'), 'not parquet at all');
    const result = importFile('junk.parquet');
    expect(result.stderr).toMatch(/junk\.parquet: not a readable Parquet file/);
    expect(result.status).toBe(2);
  });

  it('reads a text column as categories, and a run trains from the Parquet file directly', () => {
    const texts = path.join(cwd, 'texts.yaml');
    const config = parse(readFileSync(path.join(cwd, 'logs.yaml'), 'utf8'));
    writeFileSync(texts, stringify({ ...config, name: 'texts', data: { source: 'file', path: 'texts.parquet' }, features: { categorical: [{ name: 'city', dim: 2 }], numeric: ['length'] }, training: { epochs: 1, seeds: [1] } }));
    const cities = ['Paris', 'Lyon', 'Paris', 'Nice', 'Lyon', 'Paris', 'Rome', 'Paris'];
    writeParquet(path.join(cwd, 'texts.parquet'), { day: days, city: cities, length: days.map((d) => d * 1.5), click: days.map((d) => d % 2), clicked: days.map(() => 1), vcr: days.map(() => 0.5) });
    const inspect = spawnSync(process.execPath, [BIN, 'data', 'inspect', '--config', 'texts.yaml', '--cwd', cwd], { encoding: 'utf8' });
    expect(inspect.stderr).toBe('');
    // the test day's "Paris" is known; "Rome" only on day 7, a training day; four cities in training, plus the unseen id
    expect(inspect.stdout).toMatch(/│ city\s+│ 4\s+│ \(text\)\s+│ 5\s+│ 0\s+│ 0\s+│/);
    const trained = spawnSync(process.execPath, [BIN, 'run', 'texts.yaml', '--jobs', '1', '--cwd', cwd], { encoding: 'utf8' });
    expect(trained.stderr).toBe('');
    expect(trained.status).toBe(0);
    expect(trained.stdout).toMatch(/loaded texts\.parquet: 8 rows/);
  });
});

