import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DataError, fail } from '../errors';
import { FORMAT_VERSION, META } from '../format';
import { DictionaryBuilder } from '../text-column';
import type { Column, Dataset, DatasetRoles } from '../types';

/**
 * The UCI Census-Income (KDD) data set (`census-income.data`,
 * `census-income.test`; https://archive.ics.uci.edu/dataset/117) in the
 * study's format, with the two tasks of Ma et al. (KDD 2018, the MMoE
 * paper), which the PLE paper's Table 5 reuses: `income` (1 when the label
 * is "50000+.", income above $50K) and `never_married` (1 when the marital
 * status is "Never married"). Each line of the raw files has 42
 * comma-separated fields, in the order of `census-income.names`: 40
 * attributes (7 continuous, 33 nominal), the instance weight (column 25)
 * and the label. Values are trimmed; nominal values stay text (the run
 * builds their vocabularies); the marital status becomes the second label
 * and is dropped as an input; the instance weight is kept as a column, but
 * no config uses it. A `split` column says `train` for the rows of the first
 * file (the official training file) and `test` for those of the second.
 */
export const CENSUS_COLUMNS = [
  'age', 'class_of_worker', 'detailed_industry_recode', 'detailed_occupation_recode', 'education', 'wage_per_hour',
  'enroll_in_edu_inst_last_wk', 'marital_stat', 'major_industry_code', 'major_occupation_code', 'race', 'hispanic_origin', 'sex',
  'member_of_a_labor_union', 'reason_for_unemployment', 'full_or_part_time_employment_stat', 'capital_gains', 'capital_losses',
  'dividends_from_stocks', 'tax_filer_stat', 'region_of_previous_residence', 'state_of_previous_residence',
  'detailed_household_and_family_stat', 'detailed_household_summary_in_household', 'instance_weight', 'migration_code_change_in_msa',
  'migration_code_change_in_reg', 'migration_code_move_within_reg', 'live_in_this_house_1_year_ago', 'migration_prev_res_in_sunbelt',
  'num_persons_worked_for_employer', 'family_members_under_18', 'country_of_birth_father', 'country_of_birth_mother',
  'country_of_birth_self', 'citizenship', 'own_business_or_self_employed', 'fill_inc_questionnaire_for_veterans_admin',
  'veterans_benefits', 'weeks_worked_in_year', 'year', 'label',
] as const;

/** The continuous attributes (`census-income.names`), and the instance weight. */
export const CENSUS_NUMERIC = ['age', 'wage_per_hour', 'capital_gains', 'capital_losses', 'dividends_from_stocks', 'num_persons_worked_for_employer', 'weeks_worked_in_year'] as const;
const NUMBERS = new Set<string>([...CENSUS_NUMERIC, 'instance_weight']);
/** The nominal attributes the study reads: all 33 but the marital status, which the second task's label comes from. */
export const CENSUS_CATEGORICAL = CENSUS_COLUMNS.filter((c) => !NUMBERS.has(c) && c !== 'marital_stat' && c !== 'label');

const LABELS: Record<string, number> = { '50000+.': 1, '- 50000.': 0, '50000+': 1, '- 50000': 0 };

/** Reads the official training file and test file (in that order) into one data set. */
export function censusIncome(trainFile: string, testFile: string, shown: readonly [string, string]): Dataset {
  const files = [trainFile, testFile].map((file, f) => readLines(file, shown[f]));
  const rows = files.reduce((n, lines) => n + lines.length, 0);
  const numbers = new Map([...NUMBERS].map((name) => [name, new Float32Array(rows)]));
  const texts = new Map(CENSUS_CATEGORICAL.map((name) => [name, { builder: new DictionaryBuilder(), codes: new Int32Array(rows) }]));
  const split = { builder: new DictionaryBuilder(), codes: new Int32Array(rows) };
  const income = new Float32Array(rows);
  const neverMarried = new Float32Array(rows);
  let r = 0;
  files.forEach((lines, f) => {
    for (const { text, line } of lines) {
      const cells = text.split(',').map((c) => c.trim());
      const where = { file: shown[f], line };
      if (cells.length !== CENSUS_COLUMNS.length) {
        fail(where, `expected ${CENSUS_COLUMNS.length} fields (40 attributes, the instance weight and the label, as census-income.names lists them), got ${cells.length}`);
      }
      CENSUS_COLUMNS.forEach((name, c) => {
        const cell = cells[c];
        if (NUMBERS.has(name)) {
          const v = Number(cell);
          if (cell === '' || !Number.isFinite(v)) fail({ ...where, column: name }, `"${cell}" is not a number (a continuous attribute)`);
          numbers.get(name)![r] = v;
        } else if (name === 'label') {
          const y = LABELS[cell];
          if (y === undefined) fail({ ...where, column: name }, `"${cell}" is not an income label ("- 50000." or "50000+.")`);
          income[r] = y;
        } else if (name === 'marital_stat') neverMarried[r] = cell === 'Never married' ? 1 : 0;
        else {
          const t = texts.get(name)!;
          t.codes[r] = t.builder.code(cell);
        }
      });
      split.codes[r] = split.builder.code(f === 0 ? 'train' : 'test');
      r++;
    }
  });
  const columns: Record<string, Column> = {};
  const dictionaries: Record<string, string[]> = {};
  for (const name of CENSUS_COLUMNS) {
    if (numbers.has(name)) columns[name] = numbers.get(name)!;
    else if (texts.has(name)) {
      columns[name] = texts.get(name)!.codes;
      dictionaries[name] = texts.get(name)!.builder.dictionary;
    }
  }
  Object.assign(columns, { income, never_married: neverMarried, split: split.codes });
  dictionaries.split = split.builder.dictionary;
  const roles: DatasetRoles = { categorical: CENSUS_CATEGORICAL.map((name) => ({ name })), numeric: [...CENSUS_NUMERIC], binary: ['income', 'never_married'], regression: [], masks: [] };
  const metadata = {
    [META.generator]: 'file',
    [META.sourceFile]: shown.map((s) => path.basename(s)).join(', '),
    [META.formatVersion]: FORMAT_VERSION,
    [META.roles]: JSON.stringify(roles),
    preset: 'census-income',
  };
  return { rows, columns, metadata, dictionaries };
}

/** The non-blank lines of a file, with their line numbers. */
function readLines(file: string, shown: string): { text: string; line: number }[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DataError(`${shown}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { file: shown });
  }
  const lines = text.split(/\r?\n/).flatMap((t, i) => (t.trim() === '' ? [] : [{ text: t, line: i + 1 }]));
  if (lines.length === 0) throw new DataError(`${shown}: no data lines`, { file: shown });
  return lines;
}
