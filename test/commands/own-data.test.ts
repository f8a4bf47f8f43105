import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { reportStudy } from '../../src/commands/report-study';
import { run } from '../../src/commands/run';
import { readStudy } from '../../src/results/run-dir';
import type { RunReporter } from '../../src/run/types';
import { ownCsvProject } from './own-csv';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('ple run on a raw CSV: text categories, a split column, a standardized column', () => {
  const project = ownCsvProject();
  const messages: string[] = [];
  const reporter: RunReporter = { info: (m) => messages.push(m), jobStart: () => {}, jobProgress: () => {}, jobEnd: () => {} };

  test('trains from the CSV as it is and keeps its vocabularies and statistics with the run', async () => {
    const outcome = await run({ config: project.file, cwd: project.cwd, jobs: 1, reporter });
    expect(outcome.status).toBe('complete');
    expect(outcome.ran).toBe(6);
    const prep = readJson(path.join(outcome.runDir, 'preprocessing.json'));
    expect(prep.format).toBe('ple preprocessing');
    expect(prep.categorical.find((c: { name: string }) => c.name === 'city').values.sort()).toEqual(['Brest', 'Lille', 'Lyon', 'Nice', 'Paris']);
    expect(prep.categorical.find((c: { name: string }) => c.name === 'device').values.sort()).toEqual(['0', '10', '20']);
    const income = prep.numeric[0];
    expect(income.transform).toBe('standardize');
    expect(income.mean).toBeGreaterThan(40000);
    const config = readJson(path.join(outcome.runDir, 'config.json'));
    expect(config.features.categorical[0].vocab).toBeUndefined(); // the run's config says what the user wrote; the vocab sizes are in preprocessing.json
    expect(outcome.summaries[0].summary.models.map((m) => m.seeds_ok)).toEqual([[1, 2], [1, 2], [1, 2]]);
    expect(messages.some((m) => m.startsWith('warning: numeric feature'))).toBe(false);
    // the CSV was converted once, into the results folder's cache
    expect(readdirSync(path.join(project.cwd, 'results', '.data-cache')).filter((f) => f.endsWith('.arrow'))).toHaveLength(1);
  });

  test('its report describes the split', async () => {
    const runDir = path.join(project.cwd, 'results', 'shop', readdirSync(path.join(project.cwd, 'results', 'shop'))[0]);
    const result = await reportStudy({ points: await readStudy(runDir), dir: runDir, cwd: project.cwd });
    expect(readFileSync(result.files.find((f) => f.endsWith('report.md'))!, 'utf8')).toContain('by column "part" (train / validation / test)');
  });

  test('an untransformed column of large values is warned about', async () => {
    const raw = ownCsvProject({ name: 'shop-raw', features: { categorical: [{ name: 'city', dim: 3 }], numeric: ['income'] }, training: { epochs: 1, seeds: [1] } });
    const seen: string[] = [];
    await run({ config: raw.file, cwd: raw.cwd, jobs: 1, models: ['single_task'], reporter: { ...reporter, info: (m) => seen.push(m) } });
    expect(seen).toContainEqual(expect.stringMatching(/^warning: numeric feature "income" has values up to [\d,]+ in magnitude and no transform/));
    expect(existsSync(path.join(raw.cwd, 'data', 'shop.csv'))).toBe(true);
  });
});
