import { writeFileSync } from 'node:fs';

/**
 * Lines in the raw UCI Census-Income (KDD) format, as census-income.data and
 * census-income.test hold them: 42 fields separated by ", " (40 attributes,
 * the instance weight in column 25, the label "- 50000." or " 50000+."),
 * values spelled as in the UCI files. The first line is the first line of
 * the published training file; the others vary the attributes the labels
 * follow (age, education, weeks worked, marital status) with a fixed LCG.
 */
const FIRST = '73, Not in universe, 0, 0, High school graduate, 0, Not in universe, Widowed, Not in universe or children, Not in universe, White, All other, Female, Not in universe, Not in universe, Not in labor force, 0, 0, 0, Nonfiler, Not in universe, Not in universe, Other Rel 18+ ever marr not in subfamily, Other relative of householder, 1700.09, ?, ?, ?, Not in universe under 1 year old, ?, 0, Not in universe, United-States, United-States, United-States, Native- Born in the United States, 0, Not in universe, 2, 0, 95, - 50000.';

const MARITAL = ['Never married', 'Married-civilian spouse present', 'Divorced', 'Widowed', 'Separated'];
const EDUCATION = ['High school graduate', 'Bachelors degree(BA AB BS)', 'Masters degree(MA MS MEng MEd MSW MBA)', 'Some college but no degree', '10th grade'];
const WORKER = ['Private', 'Not in universe', 'Self-employed-not incorporated', 'Local government'];
const STATES = ['Not in universe', 'California', 'Utah', 'Florida'];

export function censusLines(count: number, seed: number): string[] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const lines = [FIRST];
  for (let i = 1; i < count; i++) {
    const fields = FIRST.split(', ');
    const age = 18 + Math.floor(next() * 60);
    const education = pick(EDUCATION);
    const weeks = Math.floor(next() * 53);
    const marital = age < 25 && next() < 0.8 ? 'Never married' : pick(MARITAL);
    const gains = next() < 0.1 ? Math.floor(next() * 99999) : 0;
    const rich = (education.startsWith('Bachelors') || education.startsWith('Masters') ? 1 : 0) + (weeks > 40 ? 1 : 0) + (gains > 0 ? 1 : 0) + next() > 1.8;
    fields[0] = String(age);
    fields[1] = pick(WORKER);
    fields[2] = String(Math.floor(next() * 52));
    fields[4] = education;
    fields[5] = next() < 0.2 ? String(Math.floor(next() * 3000)) : '0';
    fields[7] = marital;
    fields[12] = next() < 0.5 ? 'Male' : 'Female';
    fields[16] = String(gains);
    fields[21] = pick(STATES);
    fields[24] = (500 + next() * 3000).toFixed(2);
    fields[30] = String(Math.floor(next() * 7));
    fields[39] = String(weeks);
    fields[40] = next() < 0.5 ? '94' : '95';
    fields[41] = rich ? '50000+.' : '- 50000.';
    lines.push(fields.join(', '));
  }
  return lines;
}

/** Writes census-income.data (train) and census-income.test beside each other in `dir`. */
export function writeCensusFiles(dir: string, train = 300, test = 100): { data: string; test: string } {
  const files = { data: `${dir}/census-income.data`, test: `${dir}/census-income.test` };
  writeFileSync(files.data, `${censusLines(train, 1).join('\n')}\n`);
  writeFileSync(files.test, `${censusLines(test, 2).join('\n')}\n`);
  return files;
}
