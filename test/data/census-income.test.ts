import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { dataImportPreset } from '../../src/commands/data-preset';
import { run } from '../../src/commands/run';
import { readArrow } from '../../src/data/arrow';
import { CENSUS_CATEGORICAL, CENSUS_NUMERIC } from '../../src/data/presets/census-income';
import { cli } from '../cli/in-process';
import { censusLines, writeCensusFiles } from './census-fixture';

const ROOT = path.resolve(__dirname, '../..');

describe('ple data import --preset census-income, on files in the raw UCI format', () => {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'ple-census-'));
  const raw = writeCensusFiles(cwd);

  test('turns the two files into the study\'s format: the attributes as published, two labels, a split column', async () => {
    const r = await dataImportPreset({ preset: 'census-income', files: [path.basename(raw.data), path.basename(raw.test)], cwd });
    expect(r).toEqual({ path: path.join(cwd, 'data', 'census-income.arrow'), rows: 400, parts: { train: 300, test: 100 } });
    const ds = readArrow(r.path);
    expect(CENSUS_CATEGORICAL).toHaveLength(32);
    expect(Object.keys(ds.columns).sort()).toEqual([...CENSUS_CATEGORICAL, ...CENSUS_NUMERIC, 'instance_weight', 'income', 'never_married', 'split'].sort());
    expect(ds.columns.marital_stat).toBeUndefined(); // the second label's source is no input
    // the first row is the first line of the published training file
    expect(ds.columns.age[0]).toBe(73);
    expect(ds.dictionaries!.education[ds.columns.education[0]]).toBe('High school graduate');
    expect(ds.dictionaries!.detailed_industry_recode[ds.columns.detailed_industry_recode[0]]).toBe('0');
    expect(ds.dictionaries!.migration_code_change_in_msa[ds.columns.migration_code_change_in_msa[0]]).toBe('?');
    expect(ds.columns.instance_weight[0]).toBeCloseTo(1700.09, 2);
    expect([ds.columns.income[0], ds.columns.never_married[0]]).toEqual([0, 0]);
    // labels: income from the last field, never married from the marital status, line by line
    const lines = [...censusLines(300, 1), ...censusLines(100, 2)].map((l) => l.split(', '));
    lines.forEach((f, i) => {
      expect(ds.columns.income[i]).toBe(f[41] === '50000+.' ? 1 : 0);
      expect(ds.columns.never_married[i]).toBe(f[7] === 'Never married' ? 1 : 0);
      expect(ds.dictionaries!.split[ds.columns.split[i]]).toBe(i < 300 ? 'train' : 'test');
    });
    expect(new Set(ds.columns.income).size).toBe(2);
    expect(new Set(ds.columns.never_married).size).toBe(2);
  });

  test.each([
    ['a line with a field too few', (l: string[]) => (l[4] = l[4].replace(/, - 50000\.$/, '')), /census-income\.data: line 5: expected 42 fields \(40 attributes, the instance weight and the label, as census-income\.names lists them\), got 41/],
    ['a label that is neither', (l: string[]) => (l[2] = l[2].replace(/(- 50000|50000\+)\.$/, '50K')), /census-income\.data: column "label", line 3: "50K" is not an income label/],
    ['text in a continuous attribute', (l: string[]) => (l[1] = l[1].replace(/^\d+/, 'old')), /census-income\.data: column "age", line 2: "old" is not a number/],
  ])('refuses %s, naming the file, line and column', async (_name, change, pattern) => {
    const lines = censusLines(10, 1);
    change(lines);
    writeFileSync(path.join(cwd, 'census-income.data'), lines.join('\n'));
    await expect(dataImportPreset({ preset: 'census-income', files: ['census-income.data', 'census-income.test'], cwd, out: 'bad.arrow' })).rejects.toThrow(pattern);
  });

  test('the command line: two files, in order; no --config with a preset', async () => {
    writeCensusFiles(cwd);
    const ok = await cli(['data', 'import', '--preset', 'census-income', 'census-income.data', 'census-income.test', '--out', 'cli.arrow'], cwd);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('cli.arrow: 400 rows (300 train, 100 test)\n');
    const one = await cli(['data', 'import', '--preset', 'census-income', 'census-income.data', '--out', 'one.arrow'], cwd);
    expect([one.code, one.stderr]).toEqual([2, expect.stringMatching(/--preset census-income: expected 2 files \(census-income\.data \(the training file\), then census-income\.test \(the test file\)\), got 1/)]);
    const again = await cli(['data', 'import', '--preset', 'census-income', 'census-income.data', 'census-income.test', '--out', 'cli.arrow'], cwd);
    expect([again.code, again.stderr]).toEqual([2, expect.stringMatching(/cli\.arrow \(--out\): exists; add --force/)]);
    const neither = await cli(['data', 'import', 'census-income.data'], cwd);
    expect([neither.code, neither.stderr]).toEqual([2, expect.stringMatching(/say which columns to read: --config <config>, or --preset <name>/)]);
  });

  test('configs/census-income.yaml runs single-task, hard sharing, MMoE, CGC and PLE on it', async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'ple-census-run-'));
    mkdirSync(path.join(project, 'configs'));
    cpSync(path.join(cwd, 'data'), path.join(project, 'data'), { recursive: true });
    const shipped = parse(readFileSync(path.join(ROOT, 'configs', 'census-income.yaml'), 'utf8'));
    // the shipped study, shortened: one seed, one epoch
    writeFileSync(path.join(project, 'configs', 'census-income.yaml'), stringify({ ...shipped, training: { ...shipped.training, epochs: 1, seeds: [1] } }));
    const outcome = await run({ config: 'configs/census-income.yaml', cwd: project, jobs: 1 });
    expect(outcome.status).toBe('complete');
    const summary = outcome.summaries[0].summary;
    expect(summary.models.map((m) => m.model)).toEqual(['single_task', 'hard_sharing', 'mmoe', 'cgc', 'ple']);
    expect(summary.tasks.map((t) => [t.name, t.metric])).toEqual([['income', 'auc'], ['never_married', 'auc']]);
    for (const m of summary.models) expect(m.seeds_ok).toEqual([1]);
    const prep = JSON.parse(readFileSync(path.join(outcome.runDir, 'preprocessing.json'), 'utf8'));
    expect(prep.categorical.find((c: { name: string }) => c.name === 'education').values).toContain('Masters degree(MA MS MEng MEd MSW MBA)');
    expect(prep.numeric.find((n: { name: string }) => n.name === 'capital_gains').transform).toBe('log1p');
  });
});
