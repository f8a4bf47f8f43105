import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateConfig } from '../../src/config/validate';
import type { Config } from '../../src/config/types';
import { prepareData } from '../../src/run/prepare-data';
import { silentReporter } from '../../src/run/types';
import type { PackedData } from '../../src/train/types';

/**
 * 120 rows of a user's CSV, each carrying its own number as a numeric
 * feature (`rowid`), so the packed parts show which file rows they hold.
 * Rows 100-119 are the test rows of every kind of split below: day 4, part
 * "test", and (for the random split) whatever the draw says. The city
 * "Atlantis" appears only on test rows.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'ple-prepare-'));
const lines = ['rowid,day,part,user,city,x,click'];
for (let i = 0; i < 120; i++) {
  const test = i >= 100;
  const city = test && i % 2 === 0 ? 'Atlantis' : ['Paris', 'Lyon', 'Nice'][i % 3];
  lines.push([i, test ? 4 : 1 + (i % 3), test ? 'test' : 'train', `u${i % 30}`, city, (i % 7) * 10, i % 2].join(','));
}
writeFileSync(path.join(dir, 'logs.csv'), lines.join('\n'));

function config(split: Record<string, unknown>): Config {
  const { config, errors } = validateConfig({
    name: 'own',
    data: { source: 'file', path: 'logs.csv' },
    split,
    tasks: [{ name: 'click', type: 'binary', label: 'click' }],
    features: { categorical: [{ name: 'city', dim: 2 }], numeric: ['rowid', { name: 'x', transform: 'standardize' }] },
    models: [{ name: 'single_task', arch: 'single_task' }],
  });
  if (!config) throw new Error(errors.join('\n'));
  return config;
}

/** The file rows of a packed part, from its `rowid` feature (numeric column 0 of 2). */
const fileRows = (part: PackedData) => Array.from({ length: part.rows }, (_, r) => part.numeric[r * 2]);
/** The packed `x` of a part (numeric column 1). */
const xs = (part: PackedData) => Array.from({ length: part.rows }, (_, r) => part.numeric[r * 2 + 1]);

describe.each([
  ['by day', { train_days: [1, 2, 3], test_days: [4], validation: { days: [3], fraction: 0.5 } }],
  ['by a split column', { column: 'part', validation: { fraction: 0.2 } }],
  ['at random', { random: { test: 0.2, seed: 3 }, validation: { fraction: 0.2 } }],
  ['at random, grouped by user', { random: { test: 0.2, seed: 3, group: 'user' }, validation: { fraction: 0.2 } }],
])('a split %s', (_name, split) => {
  let prepared: Awaited<ReturnType<typeof prepareData>>;
  beforeAll(async () => {
    prepared = await prepareData(config(split), { dir, cwd: dir }, false, silentReporter);
  });

  test('no test row reaches training or model selection', () => {
    const test = new Set(fileRows(prepared.split.test));
    expect(test.size).toBe(prepared.split.test.rows);
    for (const r of [...fileRows(prepared.split.train), ...fileRows(prepared.split.validation)]) expect(test.has(r)).toBe(false);
    expect(test.size + prepared.split.train.rows + prepared.split.validation.rows).toBe(120);
    expect(prepared.split.validation.rows).toBeGreaterThan(0);
    expect(Array.from(prepared.testRows)).toEqual(fileRows(prepared.split.test));
  });

  test('the vocabularies and statistics come from the training rows only', () => {
    const train = fileRows(prepared.split.train);
    const city = prepared.preprocessing.categorical[0];
    const trainCities = new Set(train.map((r) => lines[r + 1].split(',')[4]));
    expect(new Set(city.values)).toEqual(trainCities);
    expect(city.vocab).toBe(trainCities.size + 1);
    const x = prepared.preprocessing.numeric[1];
    const trainX = train.map((r) => Number(lines[r + 1].split(',')[5]));
    const mean = trainX.reduce((a, b) => a + b, 0) / trainX.length;
    expect(x.mean).toBeCloseTo(mean, 10);
    expect(xs(prepared.split.train).reduce((a, b) => a + b, 0) / train.length).toBeCloseTo(0, 5);
    // every categorical id fits the vocabulary the models are built with
    expect(prepared.config.features.categorical[0].vocab).toBe(city.vocab);
  });

  test('a city not seen in the training rows gets the out-of-vocabulary id 0, wherever it is', () => {
    const cityOf = (row: number) => lines[row + 1].split(',')[4];
    const trainCities = new Set(fileRows(prepared.split.train).map(cityOf));
    let unseen = 0;
    for (const part of [prepared.split.validation, prepared.split.test]) {
      fileRows(part).forEach((row, r) => {
        const id = part.categorical[r];
        if (trainCities.has(cityOf(row))) {
          expect(id).toBeGreaterThan(0);
        } else {
          expect(id).toBe(0);
          unseen++;
        }
      });
    }
    if (!trainCities.has('Atlantis')) expect(unseen).toBe(10);
  });
});
