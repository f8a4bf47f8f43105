import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { dataImport } from '../../src/commands/data';
import { run } from '../../src/commands/run';
import { loadConfig } from '../../src/config/load';
import { readArrow, writeArrow } from '../../src/data/arrow';
import { acquireLock, type HeldLock } from '../../src/fs/lock';
import type { RunReporter } from '../../src/run/types';
import { projectWith, tinyStudy } from '../commands/tiny-study';
import { cli } from './in-process';
import { jobPath } from '../results/job-path';

/**
 * A careless or hostile user's inputs, one row each: the command line, what
 * to set up first, the exit code, and a pattern the message must match —
 * naming the file and the field or flag. Every case also checks that no
 * stack trace is printed and that no file outside the results folder
 * (`--out`) and the data folder changed (checksums before and after).
 */

const BIN = path.resolve(__dirname, '../../bin/ple');

interface Project {
  cwd: string;
  /** the finished run of configs/tiny.yaml, relative to cwd */
  run: string;
  write(file: string, text: string | Buffer): void;
  /** configs/<name>.yaml holding the tiny study with these fields changed */
  config(name: string, overrides?: Record<string, unknown>): string;
  fifo(file: string): void;
  json(file: string): Record<string, unknown>;
  teardown: (() => Promise<void>)[];
}

interface Case {
  name: string;
  args: string[] | ((p: Project) => string[]);
  setup?: (p: Project) => unknown;
  /** default 2 */
  code?: number;
  message: RegExp | ((p: Project) => RegExp);
  /** folders the command may change besides results/ and data/ */
  mayChange?: string[];
}

let template = '';
let runRel = '';

/** sha256 of each file under `dir` but those under `skip`; anything that is not a regular file by its kind. */
function checksums(dir: string, skip: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    if (skip.some((s) => rel === s || rel.startsWith(`${s}${path.sep}`))) continue;
    const full = path.join(dir, rel);
    const stats = lstatSync(full);
    if (stats.isDirectory()) continue;
    out[rel] = stats.isFile() ? createHash('sha256').update(readFileSync(full)).digest('hex') : `not a file (${stats.mode.toString(8)})`;
  }
  return out;
}

function project(): Project {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'ple-bad-'));
  cpSync(template, cwd, { recursive: true });
  const p: Project = {
    cwd,
    run: runRel,
    write: (file, text) => {
      mkdirSync(path.dirname(path.join(cwd, file)), { recursive: true });
      writeFileSync(path.join(cwd, file), text);
    },
    config: (name, overrides = {}) => {
      const file = `configs/${name}.yaml`;
      p.write(file, stringify(tinyStudy({ name, ...overrides })));
      return file;
    },
    fifo: (file) => execFileSync('mkfifo', [path.join(cwd, file)]),
    json: (file) => JSON.parse(readFileSync(path.join(cwd, file), 'utf8')),
    teardown: [],
  };
  return p;
}

const tiny = tinyStudy() as { training: Record<string, unknown>; tasks: Record<string, unknown>[]; data: Record<string, unknown>; models: Record<string, unknown>[] };
const withTraining = (fields: Record<string, unknown>) => ({ training: { ...tiny.training, ...fields } });
const withTask = (k: number, fields: Record<string, unknown>) => ({ tasks: tiny.tasks.map((t, i) => (i === k ? { ...t, ...fields } : t)) });
const withData = (fields: Record<string, unknown>) => ({ data: { ...tiny.data, ...fields } });
const fileSource = (file: string) => withData({ source: 'file', path: file, video: undefined, seed: undefined });
const job = (p: Project, model: string, seed: number, file: string) => path.join(path.relative(p.cwd, jobPath(path.join(p.cwd, p.run), model, seed)), file);
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A partial run of `file` (stopped after its first job), for the resume cases; returns its directory. */
async function partial(p: Project, file: string): Promise<string> {
  const controller = new AbortController();
  const reporter: RunReporter = { info: () => {}, jobStart: () => {}, jobProgress: () => {}, jobEnd: () => controller.abort() };
  const outcome = await run({ config: file, cwd: p.cwd, jobs: 1, reporter, signal: controller.signal });
  return path.relative(p.cwd, outcome.runDir);
}

const CASES: Case[] = [
  // flags
  ...(
    [
      ['abc', /--jobs: expected an integer from 1 to 256, got "abc"/],
      ['-1', /--jobs: expected an integer from 1 to 256, got -1/],
      ['1.5', /--jobs: expected an integer from 1 to 256, got "1\.5"/],
      ['0', /--jobs: expected an integer from 1 to 256, got 0/],
      ['257', /--jobs: expected an integer from 1 to 256, got 257/],
      ['1e3', /--jobs: expected an integer from 1 to 256, got "1e3"/],
      ['0x10', /--jobs: expected an integer from 1 to 256, got "0x10"/],
    ] as const
  ).map(([value, message]): Case => ({ name: `--jobs ${value}`, args: ['run', 'configs/tiny.yaml', '--jobs', value, '--fresh'], message })),
  { name: '--jobs without a value', args: ['run', 'configs/tiny.yaml', '--jobs'], message: /Not enough arguments following: jobs/ },
  ...(
    [
      ['1e9', /--seeds: expected an integer from 1 to 10,000, got "1e9"/],
      ['0', /--seeds: expected an integer from 1 to 10,000, got 0/],
      ['10001', /--seeds: expected an integer from 1 to 10,000, got 10001/],
      ['2.5', /--seeds: expected an integer from 1 to 10,000, got "2\.5"/],
    ] as const
  ).map(([value, message]): Case => ({ name: `--seeds ${value}`, args: ['run', 'configs/tiny.yaml', '--seeds', value], message })),
  ...(
    [
      ['0', /--data-seeds: expected an integer from 1 to 1,000, got 0/],
      ['abc', /--data-seeds: expected an integer from 1 to 1,000, got "abc"/],
      ['1001', /--data-seeds: expected an integer from 1 to 1,000, got 1001/],
    ] as const
  ).map(([value, message]): Case => ({ name: `--data-seeds ${value}`, args: ['run', 'configs/tiny.yaml', '--data-seeds', value], message })),
  { name: '--shard past its count', args: ['run', 'configs/tiny.yaml', '--shard', '3/3'], message: /--shard: the shard index must be 0 to 2 for 3 shard\(s\), got 3/ },
  { name: '--shard not I/N', args: ['run', 'configs/tiny.yaml', '--shard', 'abc'], message: /--shard: expected I\/N \(shard I of N, I from 0 to N-1\), got "abc"/ },
  { name: '--shard 0/0', args: ['run', 'configs/tiny.yaml', '--shard', '0/0'], message: /--shard: the shard count must be 1 to 100,000, got 0/ },
  { name: '--shard-from-env outside an array', args: ['run', 'configs/tiny.yaml', '--shard-from-env'], message: /--shard-from-env: neither SLURM_ARRAY_TASK_ID \(a Slurm array task\) nor JOB_COMPLETION_INDEX/ },
  { name: '--shard-out without a shard', args: ['run', 'configs/tiny.yaml', '--shard-out', 'notes/s0'], message: /--shard-out: say which shard this is, with --shard I\/N or --shard-from-env/ },
  { name: '--shard-out and --out', args: ['run', 'configs/tiny.yaml', '--shard', '0/2', '--shard-out', 'notes/s0', '--out', 'results'], message: /Arguments shard-out and out are mutually exclusive/ },
  { name: '--shard with --fresh', args: ['run', 'configs/tiny.yaml', '--shard', '0/2', '--fresh'], message: /--fresh cannot be used with --shard: every shard of a study fills the same run/ },
  { name: 'plan with a model the config lacks', args: ['plan', 'configs/tiny.yaml', '--models', 'nope'], message: /--models: "nope" not in .*configs\/tiny\.yaml/ },
  { name: 'merge of a folder holding no run', args: ['merge', 'notes'], message: /notes: not a run directory \(no manifest\.json\) and no run under it/ },
  { name: 'merge of shard folders that are not one run', args: (p) => ['merge', p.run, 'notes'], message: /notes: not a run directory/ },
  { name: 'status of a run that does not exist', args: ['status', 'nosuch'], message: /no run found for "nosuch"/ },
  { name: 'compare --alpha 0.7', args: ['compare', '--alpha', '0.7'], message: /--alpha: expected a number between 0 and 0\.5, got 0\.7/ },
  { name: 'compare --correction bonferroni', args: ['compare', '--correction', 'bonferroni'], message: /Invalid values:[\s\S]*correction/ },
  { name: 'compare --against a model the run has not', args: (p) => ['compare', p.run, '--against', 'mmeo'], message: /--against: "mmeo" is not a model of .* \(models: single_task, mmoe, ple\)/ },
  { name: '--seed 1.5', args: ['run', 'configs/tiny.yaml', '--seed', '1.5'], message: /--seed: expected an integer, got "1\.5"/ },
  { name: '--seed beyond exact integers', args: ['run', 'configs/tiny.yaml', '--seed', '9007199254740993'], message: /--seed: expected an integer, got "9007199254740993"/ },
  { name: '--seed with --seeds', args: ['run', 'configs/tiny.yaml', '--seed', '1', '--seeds', '2'], message: /seed.*seeds.*mutually exclusive|mutually exclusive.*seed/ },
  { name: '--models that is empty', args: ['run', 'configs/tiny.yaml', '--models', ' , '], message: /--models: expected a comma-separated list of model names, got " , "/ },
  { name: '--models naming an unknown model', args: ['run', 'configs/tiny.yaml', '--models', 'ple,mmeo'], message: /--models: "mmeo" not in configs\/tiny\.yaml/ },
  { name: '--backend gpu', args: ['run', 'configs/tiny.yaml', '--backend', 'gpu'], message: /Invalid values:[\s\S]*backend/ },
  { name: '--backend node without tfjs-node', args: ['run', 'configs/tiny.yaml', '--backend', 'node', '--seed', '9'], message: /--backend node: not available here \(node: .*\); use --backend auto/ },
  { name: 'an empty --out', args: ['run', 'configs/tiny.yaml', '--out', ''], message: /--out: expected a path, got ""/ },
  { name: '--out that is a file', args: ['run', 'configs/tiny.yaml', '--out', 'notes/victim.txt'], message: /--out notes\/victim\.txt: cannot write there \(ENOTDIR: not a directory/ },
  { name: '--out under a file', args: ['run', 'configs/tiny.yaml', '--out', 'notes/victim.txt/results'], message: /--out notes\/victim\.txt\/results: cannot write there \(ENOTDIR/ },
  { name: '--out where folders cannot be made', args: ['run', 'configs/tiny.yaml', '--out', '/proc/ple-results'], message: /--out \/proc\/ple-results: cannot write there \(ENOENT: no such file or directory/ },
  { name: 'an unknown flag', args: ['run', 'configs/tiny.yaml', '--epochs', '3'], message: /Unknown argument: epochs/ },
  { name: 'report --format pdf', args: ['report', '--format', 'pdf'], message: /Invalid values:[\s\S]*format/ },
  { name: 'report --out that is a file', args: (p) => ['report', p.run, '--out', 'notes/victim.txt'], message: /--out notes\/victim\.txt: cannot write there \(ENOTDIR/ },
  { name: 'an empty compare --out', args: ['compare', '--out', ''], message: /--out: expected a path, got ""/ },

  // config files
  { name: 'a missing config', args: ['run', 'configs/nope.yaml'], message: /configs\/nope\.yaml: no such file/ },
  { name: 'a folder as the config', args: ['run', 'configs'], message: /configs: is a directory, expected a regular file/ },
  { name: 'a FIFO as the config (it hung)', setup: (p) => p.fifo('configs/fifo.yaml'), args: ['run', 'configs/fifo.yaml'], message: /configs\/fifo\.yaml: is a FIFO \(named pipe\), expected a regular file/ },
  { name: 'a device as the config', args: ['run', '/dev/zero'], message: /dev\/zero: is a character device, expected a regular file/ },
  { name: 'a config of 2 MiB', setup: (p) => p.write('configs/big.yaml', `# ${'x'.repeat(2 << 20)}\n`), args: ['run', 'configs/big.yaml'], message: /configs\/big\.yaml: 2,097,15\d bytes; a config has at most 1,048,576/ },
  { name: 'invalid YAML', setup: (p) => p.write('configs/bad.yaml', 'name: x\ntasks: [\n  - oops: : :\n'), args: ['run', 'configs/bad.yaml'], message: /configs\/bad\.yaml: line \d+, column \d+: invalid YAML/ },
  {
    name: 'a YAML alias bomb',
    setup: (p) => p.write('configs/bomb.yaml', ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((l, i) => `${l}: &${l} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n')),
    args: ['run', 'configs/bomb.yaml'],
    message: /configs\/bomb\.yaml: invalid YAML: its aliases expand to too much/,
  },
  { name: 'a key given twice', setup: (p) => p.write('configs/twice.yaml', 'name: a\nname: b\n'), args: ['run', 'configs/twice.yaml'], message: /configs\/twice\.yaml: line 2, column 1: invalid YAML: Map keys must be unique/ },
  { name: 'an empty config', setup: (p) => p.write('configs/empty.yaml', ''), args: ['run', 'configs/empty.yaml'], message: /configs\/empty\.yaml: \(top level\): expected a mapping/ },
  { name: 'a list as the config', setup: (p) => p.write('configs/list.yaml', '- name: x\n'), args: ['run', 'configs/list.yaml'], message: /configs\/list\.yaml: \(top level\): expected a mapping, got \[/ },
  { name: 'learning rate .inf', setup: (p) => p.config('inf', withTraining({ learning_rate: Infinity })), args: ['run', 'configs/inf.yaml'], message: /configs\/inf\.yaml: training\.learning_rate: expected a finite number, got Infinity/ },
  {
    name: 'learning rate 1e309',
    setup: (p) => p.write('configs/big-number.yaml', stringify(tinyStudy({ name: 'big-number' })).replace('learning_rate: 0.01', 'learning_rate: 1e309')),
    args: ['run', 'configs/big-number.yaml'],
    message: /configs\/big-number\.yaml: training\.learning_rate: expected a finite number, got Infinity/,
  },
  { name: 'a task weight of .inf', setup: (p) => p.config('weight', withTask(0, { weight: Infinity })), args: ['data', 'generate', 'configs/weight.yaml'], message: /configs\/weight\.yaml: tasks\[0\]\.weight: expected a finite number, got Infinity/ },
  { name: 'gamma of -.inf', setup: (p) => p.config('gamma', withTask(1, { gamma: -Infinity })), args: ['run', 'configs/gamma.yaml'], message: /configs\/gamma\.yaml: tasks\[1\]\.gamma: expected a finite number, got -Infinity/ },
  { name: 'a simulator parameter of .nan', setup: (p) => p.config('nan', withData({ video: { watch_noise: NaN } })), args: ['data', 'generate', 'configs/nan.yaml'], message: /configs\/nan\.yaml: data\.video\.watch_noise: expected a finite number, got NaN/ },
  {
    name: 'a model argument of .inf',
    setup: (p) => p.config('arg', { models: [...tiny.models, { name: 'sluice', arch: 'sluice', layers: [8], subspaces: 2, orthogonality: Infinity }] }),
    args: ['run', 'configs/arg.yaml'],
    message: /configs\/arg\.yaml: models\[3\]\.orthogonality: expected a finite number, got Infinity/,
  },
  { name: 'study.alpha of 0.5', setup: (p) => p.config('alpha', { study: { alpha: 0.5 } }), args: ['run', 'configs/alpha.yaml'], message: /configs\/alpha\.yaml: study\.alpha: .*0\.5/ },
  { name: 'study.correction unknown', setup: (p) => p.config('corr', { study: { correction: 'bonferroni' } }), args: ['run', 'configs/corr.yaml'], message: /configs\/corr\.yaml: study\.correction: .*holm.*bh.*none/ },
  { name: 'study.resamples too few', setup: (p) => p.config('few', { study: { resamples: 10 } }), args: ['run', 'configs/few.yaml'], message: /configs\/few\.yaml: study\.resamples: .*100/ },
  { name: 'data seeds for a file source', setup: (p) => p.config('file-worlds', { data: { source: 'file', path: '../data/logs.csv' }, training: { epochs: 1, seeds: [1], data_seeds: [1, 2] } }), args: ['run', 'configs/file-worlds.yaml'], message: /configs\/file-worlds\.yaml: training\.data_seeds: only for generated data/ },
  { name: 'a data seed listed twice', setup: (p) => p.config('twice-worlds', withTraining({ data_seeds: [1, 1] })), args: ['run', 'configs/twice-worlds.yaml'], message: /configs\/twice-worlds\.yaml: training\.data_seeds: seed 1 is listed twice/ },
  { name: 'a sweep value of .inf', setup: (p) => p.config('sweep', { sweep: { 'training.learning_rate': [0.01, Infinity] } }), args: ['run', 'configs/sweep.yaml'], message: /configs\/sweep\.yaml: sweep\.training\.learning_rate\[1\]: expected a finite number, got Infinity/ },
  { name: '10,001 seeds', setup: (p) => p.config('seeds', withTraining({ seeds: Array.from({ length: 10_001 }, (_, i) => i + 1) })), args: ['run', 'configs/seeds.yaml'], message: /configs\/seeds\.yaml: training\.seeds: expected at most 10,000 seeds, got 10,001/ },
  { name: 'a seed listed twice', setup: (p) => p.config('twice-seed', withTraining({ seeds: [1, 1] })), args: ['run', 'configs/twice-seed.yaml'], message: /configs\/twice-seed\.yaml: training\.seeds: seed 1 is listed twice/ },
  {
    name: 'a simulated log bigger than one Arrow file',
    setup: (p) => p.config('huge', withData({ video: { impressions_per_day: 50_000_000 } })),
    args: ['data', 'generate', 'configs/huge.yaml'],
    message: /configs\/huge\.yaml: data\.video\.impressions_per_day: expected at most 1,000,000,000 values in the data file/,
  },
  { name: 'fractional epochs', setup: (p) => p.config('epochs', withTraining({ epochs: 1.5 })), args: ['run', 'configs/epochs.yaml'], message: /configs\/epochs\.yaml: training\.epochs: expected an integer, got 1\.5/ },
  { name: 'a misspelt key', setup: (p) => p.config('key', { trainning: {} }), args: ['run', 'configs/key.yaml'], message: /configs\/key\.yaml: trainning: unknown key \(did you mean "training"\?\)/ },
  { name: 'a description that is not text', setup: (p) => p.config('desc', { description: 42 }), args: ['run', 'configs/desc.yaml'], message: /configs\/desc\.yaml: description: expected a string, got 42/ },

  // data files
  {
    name: 'a generated data.path naming a text file (it was overwritten)',
    setup: (p) => p.config('victim', withData({ path: '../notes/victim.txt' })),
    args: ['run', 'configs/victim.yaml', '--jobs', '1'],
    message: /notes\/victim\.txt \(data\.path\): exists and is not an Arrow file ple generated \(not readable as Arrow\); ple writes generated data only to a path that is free or holds an Arrow file ple generated/,
  },
  { name: 'data generate onto a text file', setup: (p) => p.config('victim', withData({ path: '../notes/victim.txt' })), args: ['data', 'generate', 'configs/victim.yaml', '--force'], message: /notes\/victim\.txt \(data\.path\): exists and is not an Arrow file ple generated/ },
  { name: 'a generated data.path naming the config itself', setup: (p) => p.config('self', withData({ path: 'self.yaml' })), args: ['data', 'generate', 'configs/self.yaml'], message: /configs\/self\.yaml \(data\.path\): exists and is not an Arrow file ple generated/ },
  { name: 'a generated data.path that is a folder', setup: (p) => p.config('dir', withData({ path: '../notes' })), args: ['data', 'generate', 'configs/dir.yaml'], message: /notes \(data\.path\): is a directory; ple writes generated data only/ },
  { name: 'a generated data.path that is a FIFO (it hung)', setup: (p) => (p.fifo('notes/pipe'), p.config('pipe', withData({ path: '../notes/pipe' }))), args: ['data', 'generate', 'configs/pipe.yaml'], message: /notes\/pipe \(data\.path\): is a FIFO \(named pipe\); ple writes generated data only/ },
  {
    name: 'a generated data.path that is a link',
    setup: (p) => (symlinkSync('victim.txt', path.join(p.cwd, 'notes/link.arrow')), p.config('link', withData({ path: '../notes/link.arrow' }))),
    args: ['data', 'generate', 'configs/link.yaml'],
    message: /notes\/link\.arrow \(data\.path\): is a symbolic link; ple writes generated data only/,
  },
  {
    name: 'a generated data.path naming an imported Arrow file',
    setup: (p) => p.config('imported', withData({ path: '../notes/imported.arrow' })),
    args: ['data', 'generate', 'configs/imported.yaml'],
    message: /notes\/imported\.arrow \(data\.path\): exists and is an Arrow file ple did not generate \(its metadata says generator "file"\)/,
  },
  { name: 'a data file that is missing', setup: (p) => p.config('absent', fileSource('../notes/absent.csv')), args: ['run', 'configs/absent.yaml'], message: /notes\/absent\.csv \(data\.path\): no such file/ },
  { name: 'a data file that is a FIFO', setup: (p) => (p.fifo('notes/pipe.csv'), p.config('pipe-csv', fileSource('../notes/pipe.csv'))), args: ['run', 'configs/pipe-csv.yaml'], message: /notes\/pipe\.csv \(data\.path\): is a FIFO \(named pipe\), expected a regular file/ },
  { name: 'a data file that is a folder', setup: (p) => p.config('dir-csv', fileSource('../notes')), args: ['run', 'configs/dir-csv.yaml'], message: /notes \(data\.path\): is a directory, expected a regular file/ },
  // your own data
  { name: 'a split column whose values are no parts', setup: (p) => p.config('part-days', { ...fileSource('../notes/logs.csv'), split: { column: 'day' } }), args: ['run', 'configs/part-days.yaml'], message: /notes\/logs\.csv: column "day", row 1: "\d" is not train, validation or test \(split\.column\)/ },
  { name: 'a group column the file lacks', setup: (p) => p.config('no-group', { ...fileSource('../notes/logs.csv'), split: { random: { test: 0.2, group: 'household' }, validation: { fraction: 0.2 } } }), args: ['run', 'configs/no-group.yaml'], message: /notes\/logs\.csv: column "household": missing \(needed as the group column \(split\.random\.group\)\); the file has: day, user_id/ },
  { name: 'log1p of values at or below -1', setup: (p) => p.config('log1p', { ...fileSource('../notes/logs.csv'), features: { categorical: [{ name: 'user_id', dim: 2 }], numeric: [{ name: 'log_length', transform: 'log1p', clip: [-3, -2] }] } }), args: ['run', 'configs/log1p.yaml'], message: /notes\/logs\.csv: column "log_length", row 1: log1p needs values above -1, got -2 \(features\.numeric "log_length": clip it, or use another transform\)/ },
  { name: 'an unknown numeric transform', setup: (p) => p.config('zscore', { features: { categorical: [{ name: 'user_id', vocab: 60, dim: 2 }], numeric: [{ name: 'log_length', transform: 'zscore' }] } }), args: ['run', 'configs/zscore.yaml'], message: /configs\/zscore\.yaml: features\.numeric\[0\]\.transform: expected one of none, standardize, log1p, got "zscore"/ },
  { name: 'predict with a job that kept no model', args: (p) => ['predict', p.run, 'notes/logs.csv', '--model', 'mmoe', '--seed', '1'], message: /mmoe\/[0-9a-f]{8}\/seed-1\/model\/model\.json: missing; the job was trained without training\.save_models: true/ },
  { name: 'predict with a model the run lacks', args: (p) => ['predict', p.run, 'notes/logs.csv', '--model', 'cgc', '--seed', '1'], message: /--model: "cgc" is not a model of results\/tiny\/\S+ \(models: single_task, mmoe, ple\)/ },
  { name: 'predict without --seed', args: (p) => ['predict', p.run, 'notes/logs.csv', '--model', 'mmoe'], message: /Missing required argument: seed/ },
  { name: 'a preset given one file', args: ['data', 'import', '--preset', 'census-income', 'notes/victim.txt'], message: /--preset census-income: expected 2 files \(census-income\.data \(the training file\), then census-income\.test \(the test file\)\), got 1/ },
  { name: 'a preset given files of another format', args: ['data', 'import', '--preset', 'census-income', 'notes/victim.txt', 'notes/victim.txt', '--out', 'notes/census.arrow'], message: /notes\/victim\.txt: line 1: expected 42 fields/ },
  { name: 'a preset and a config at once', args: ['data', 'import', '--preset', 'census-income', 'a', 'b', '--config', 'configs/tiny.yaml'], message: /Arguments preset and config are mutually exclusive/ },
  { name: 'a data file with a value out of range', setup: (p) => p.config('bad-label', fileSource('../notes/bad-label.csv')), args: ['run', 'configs/bad-label.yaml'], message: /notes\/bad-label\.csv: column "vtr", row 2(?: \(line 3\))?: binary label must be 0 or 1, got 2/ },
  { name: 'data import --out onto its own config', args: ['data', 'import', 'notes/logs.csv', '--config', 'configs/user-file.yaml', '--out', 'configs/user-file.yaml', '--force'], message: /configs\/user-file\.yaml \(--out\): is the config configs\/user-file\.yaml; choose another --out/ },
  { name: 'data import --out onto an existing file', args: ['data', 'import', 'notes/logs.csv', '--config', 'configs/user-file.yaml', '--out', 'notes/victim.txt'], message: /notes\/victim\.txt \(--out\): exists; add --force to replace it, or choose another --out/ },
  { name: 'data import --out onto its input', args: ['data', 'import', 'notes/logs.csv', '--config', 'configs/user-file.yaml', '--out', 'notes/logs.csv', '--force'], message: /notes\/logs\.csv \(--out\): is the input file notes\/logs\.csv/ },
  { name: 'data import of a FIFO', setup: (p) => p.fifo('notes/pipe.csv'), args: ['data', 'import', 'notes/pipe.csv', '--config', 'configs/user-file.yaml'], message: /notes\/pipe\.csv: is a FIFO \(named pipe\), expected a regular file/ },
  { name: 'data import of a missing file', args: ['data', 'import', 'notes/none.csv', '--config', 'configs/user-file.yaml'], message: /notes\/none\.csv: no such file/ },
  { name: 'data import of an unknown file type', setup: (p) => p.write('notes/logs.txt', 'x'), args: ['data', 'import', 'notes/logs.txt', '--config', 'configs/user-file.yaml', '--out', 'notes/x.arrow'], message: /notes\/logs\.txt: unknown file type "\.txt"/ },
  { name: 'data import without a config', args: ['data', 'import', 'notes/logs.csv', '--config'], message: /Not enough arguments following: config/ },
  { name: 'data inspect of a FIFO', setup: (p) => p.fifo('notes/pipe.arrow'), args: ['data', 'inspect', 'notes/pipe.arrow'], message: /notes\/pipe\.arrow: is a FIFO \(named pipe\), expected a regular file/ },
  { name: 'data inspect of a text file', args: ['data', 'inspect', 'notes/victim.txt'], message: /notes\/victim\.txt: not a readable Arrow IPC file/ },

  // damaged results
  { name: 'compare: half a metrics.json', setup: (p) => truncateSync(path.join(p.cwd, job(p, 'ple', 1, 'metrics.json')), 60), args: ['compare'], message: /jobs\/ple\/[0-9a-f]{8}\/seed-1\/metrics\.json: not valid JSON \(.*\): cut short or damaged; the job's files are damaged: `ple run` on this run's config moves them aside/ },
  { name: 'compare: a metrics.json of {}', setup: (p) => p.write(job(p, 'mmoe', 2, 'metrics.json'), '{}'), args: ['compare'], message: /jobs\/mmoe\/[0-9a-f]{8}\/seed-2\/metrics\.json: not in the shape ple writes \(model: required/ },
  { name: 'compare: an empty metrics.json', setup: (p) => p.write(job(p, 'mmoe', 2, 'metrics.json'), ''), args: ['compare', '--json'], message: /jobs\/mmoe\/[0-9a-f]{8}\/seed-2\/metrics\.json: empty/ },
  { name: 'compare: a metrics.json of another job', setup: (p) => p.write(job(p, 'ple', 1, 'metrics.json'), readFileSync(path.join(p.cwd, job(p, 'mmoe', 1, 'metrics.json')))), args: ['compare'], message: /jobs\/ple\/[0-9a-f]{8}\/seed-1\/metrics\.json: holds model "mmoe" seed 1, not this folder's model "ple" seed 1/ },
  { name: 'compare: a job status that is neither', setup: (p) => p.write(job(p, 'ple', 2, 'metrics.json'), JSON.stringify({ ...p.json(job(p, 'ple', 2, 'metrics.json')), status: 'maybe' })), args: ['compare'], message: /jobs\/ple\/[0-9a-f]{8}\/seed-2\/metrics\.json: not in the shape ple writes \(status: expected one of ok, failed, got "maybe"\)/ },
  { name: 'compare: a metrics.json that is a folder', setup: (p) => (rmSync(path.join(p.cwd, job(p, 'ple', 2, 'metrics.json'))), mkdirSync(path.join(p.cwd, job(p, 'ple', 2, 'metrics.json')))), args: ['compare'], message: /jobs\/ple\/[0-9a-f]{8}\/seed-2\/metrics\.json: cannot read \(EISDIR/ },
  { name: 'report: a truncated history.jsonl', setup: (p) => truncateSync(path.join(p.cwd, job(p, 'single_task', 1, 'history.jsonl')), 50), args: (p) => ['report', p.run], message: /jobs\/single_task\/[0-9a-f]{8}\/seed-1\/history\.jsonl: line 1: cut short \(no line end\)/ },
  { name: 'report: a finished job without its history', setup: (p) => rmSync(path.join(p.cwd, job(p, 'single_task', 2, 'history.jsonl'))), args: (p) => ['report', p.run], message: /jobs\/single_task\/[0-9a-f]{8}\/seed-2\/history\.jsonl: missing/ },
  { name: 'report: a damaged gates.json', setup: (p) => p.write(job(p, 'ple', 1, 'gates.json'), '[{"level": 0'), args: (p) => ['report', p.run], message: /jobs\/ple\/[0-9a-f]{8}\/seed-1\/gates\.json: not valid JSON/ },
  { name: 'report: a missing manifest', setup: (p) => rmSync(path.join(p.cwd, p.run, 'manifest.json')), args: (p) => ['report', p.run], message: /results\/tiny\/\S+\/manifest\.json: missing; the run directory is damaged: `ple run --fresh` on its config starts a new run/ },
  { name: 'report: a manifest that is not JSON', setup: (p) => p.write(path.join(p.run, 'manifest.json'), '{"run_id": '), args: (p) => ['report', p.run], message: /results\/tiny\/\S+\/manifest\.json: not valid JSON/ },
  { name: 'compare: a mis-shaped manifest', setup: (p) => p.write(path.join(p.run, 'manifest.json'), JSON.stringify({ ...p.json(path.join(p.run, 'manifest.json')), seeds: 'all' })), args: ['compare'], message: /manifest\.json: not in the shape ple writes \(seeds: expected a list, got "all"\)/ },
  { name: 'report: a mis-shaped config.json', setup: (p) => p.write(path.join(p.run, 'config.json'), JSON.stringify({ ...p.json(path.join(p.run, 'config.json')), models: 3 })), args: (p) => ['report', p.run], message: /results\/tiny\/\S+\/config\.json: not in the shape ple writes \(models: expected a list, got 3\)/ },
  { name: 'report: a config.json with null for a number', setup: (p) => p.write(path.join(p.run, 'config.json'), JSON.stringify({ ...p.json(path.join(p.run, 'config.json')), training: { ...(p.json(path.join(p.run, 'config.json')).training as object), learning_rate: null } })), args: (p) => ['report', p.run], message: /config\.json: not in the shape ple writes \(training\.learning_rate: expected a number, got null\)/ },
  { name: 'run: a finished run whose manifest is damaged', setup: (p) => p.write(path.join(p.run, 'manifest.json'), '[]'), args: ['run', 'configs/tiny.yaml'], message: /results\/tiny\/\S+\/manifest\.json: not in the shape ple writes/ },
  {
    name: 'report --out onto the user\'s own report.md',
    setup: (p) => p.write('docs/report.md', '# my notes\n'),
    args: (p) => ['report', p.run, '--out', 'docs'],
    message: /docs\/report\.md: exists and is not a file ple report wrote; choose another --out, or move it away/,
  },

  // runs held by others, resumes that would mix
  {
    name: 'run: a run another live ple holds',
    setup: async (p) => {
      const lock: HeldLock = await acquireLock(path.join(p.cwd, p.run, 'run.lock'), { what: 'a test' });
      p.teardown.push(() => lock.release());
      rmSync(path.join(p.cwd, p.run, 'summary.json'));
    },
    args: ['run', 'configs/tiny.yaml', '--jobs', '1'],
    message: (p) => new RegExp(`${esc(p.run)}: in use by another ple \\(pid ${process.pid} on this host, since .*\\); wait for it to finish, or stop it`),
  },
  {
    name: 'run: a run locked from another host',
    setup: (p) => p.write(path.join(p.run, 'run.lock'), JSON.stringify({ pid: 4242, host: 'other.example', started_at: '2026-01-01T00:00:00Z', command: 'ple run configs/tiny.yaml', token: 'x' })),
    args: ['run', 'configs/tiny.yaml'],
    message: /: locked by pid 4242 on host "other\.example", since 2026-01-01T00:00:00Z, running "ple run configs\/tiny\.yaml"; ple cannot see another host's processes: if that one is gone, its lock is taken over once it has not been refreshed for 10 minutes \(or remove \S+run\.lock\)/,
  },
  { name: 'run: a lock file ple cannot read', setup: (p) => p.write(path.join(p.run, 'run.lock'), 'mine'), args: ['run', 'configs/tiny.yaml'], message: /: locked by \S+run\.lock, which is not a lock ple can read; if no ple works there, remove that file/ },
  {
    name: 'resume after the data file changed',
    setup: async (p) => {
      const file = p.config('resume-data');
      await partial(p, file);
      const data = path.join(p.cwd, 'data', 'tiny.arrow');
      const dataset = readArrow(data);
      await writeArrow(data, { ...dataset, columns: { ...dataset.columns, vcr: (dataset.columns.vcr as Float32Array).map((v) => v / 2) } });
    },
    args: ['run', 'configs/resume-data.yaml', '--jobs', '1'],
    message: /results\/resume-data\/\S+: cannot resume: 1 finished job\(s\) were trained with something other than what this run would use now:\n {2}data file \(sha256\): \S+ then, \S+ now \(1 job\(s\): single_task\/seed-1\)/,
  },
  {
    name: 'resume with another backend',
    setup: async (p) => {
      const dir = await partial(p, p.config('resume-backend'));
      const file = path.join(path.relative(p.cwd, jobPath(path.join(p.cwd, dir), 'single_task', 1)), 'metrics.json');
      const metrics = p.json(file) as { provenance: Record<string, string> };
      p.write(file, JSON.stringify({ ...metrics, provenance: { ...metrics.provenance, backend: 'tensorflow (tfjs-node (native libtensorflow))' } }));
    },
    args: ['run', 'configs/resume-backend.yaml', '--jobs', '1'],
    message: /results\/resume-backend\/\S+: cannot resume: [\s\S]*backend: "tensorflow \(tfjs-node \(native libtensorflow\)\)" then, "\S+.*" now/,
  },
  {
    name: 'resume of jobs an older ple trained (no provenance)',
    setup: async (p) => {
      const dir = await partial(p, p.config('resume-old'));
      const file = path.join(path.relative(p.cwd, jobPath(path.join(p.cwd, dir), 'single_task', 1)), 'metrics.json');
      const { provenance: _gone, ...metrics } = p.json(file);
      p.write(file, JSON.stringify(metrics));
    },
    args: ['run', 'configs/resume-old.yaml', '--jobs', '1'],
    message: /results\/resume-old\/\S+: cannot resume: [\s\S]*provenance: not recorded/,
  },
  { name: 'compare before any run', args: ['compare', '--out', 'no-results'], message: /no runs under \S*no-results yet/ },
  { name: 'report of a folder that is not a run', setup: (p) => p.write('results/not-a-run/.keep', ''), args: ['report', 'results/not-a-run'], message: /no run found for "results\/not-a-run"/ },
];

describe('bad inputs: each a clear exit 2, naming the file and the field or flag, changing nothing outside --out and data/', () => {
  beforeAll(async () => {
    const base = projectWith(tinyStudy());
    template = base.cwd;
    const outcome = await run({ config: base.file, cwd: base.cwd, jobs: 1 });
    runRel = path.relative(base.cwd, outcome.runDir);
    mkdirSync(path.join(base.cwd, 'notes'));
    writeFileSync(path.join(base.cwd, 'notes', 'victim.txt'), 'my own notes; ple must never replace them\n');
    writeFileSync(path.join(base.cwd, 'configs', 'user-file.yaml'), stringify(tinyStudy({ name: 'user-file', ...fileSource('../notes/logs.csv') })));
    // a valid CSV of the tiny world, and the same imported as Arrow (generator "file")
    const dataset = readArrow(path.join(base.cwd, 'data', 'tiny.arrow'));
    const columns = ['day', 'user_id', 'category', 'autoplay', 'log_length', 'vtr', 'vcr', 'viewed'];
    const lines = Array.from({ length: dataset.rows }, (_, i) => columns.map((c) => dataset.columns[c][i]).join(','));
    writeFileSync(path.join(base.cwd, 'notes', 'logs.csv'), [columns.join(','), ...lines].join('\n'));
    writeFileSync(path.join(base.cwd, 'notes', 'bad-label.csv'), [columns.join(','), ...lines.map((l, i) => (i === 1 ? l.replace(/^((?:[^,]*,){5})[^,]*/, (_all, head: string) => `${head}2`) : l))].join('\n'));
    const { config } = await loadConfig('configs/user-file.yaml', base.cwd);
    await dataImport({ file: 'notes/logs.csv', config, cwd: base.cwd, out: 'notes/imported.arrow' });
  });

  it(`holds at least 60 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const p = project();
    try {
      await c.setup?.(p);
      const skip = ['results', 'data', ...(c.mayChange ?? [])];
      const before = checksums(p.cwd, skip);
      const args = typeof c.args === 'function' ? c.args(p) : c.args;
      const result = await cli(args, p.cwd);
      const message = typeof c.message === 'function' ? c.message(p) : c.message;
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/^ple: /);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stderr).not.toMatch(/unexpected failure/);
      expect(result.code).toBe(c.code ?? 2);
      expect(checksums(p.cwd, skip)).toEqual(before);
    } finally {
      for (const undo of p.teardown) await undo();
      rmSync(p.cwd, { recursive: true, force: true });
    }
  });

  it('report --out replaces the files an earlier report wrote there', async () => {
    const p = project();
    expect((await cli(['report', p.run, '--out', 'docs'], p.cwd)).code).toBe(0);
    expect((await cli(['report', p.run, '--out', 'docs'], p.cwd)).code).toBe(0);
    expect((await cli(['report', p.run, '--out', 'docs', '--format', 'json'], p.cwd)).code).toBe(0);
    expect((await cli(['report', p.run, '--out', 'docs', '--format', 'json'], p.cwd)).code).toBe(0);
    expect(readFileSync(path.join(p.cwd, 'docs', 'report.md'), 'utf8')).toMatch(/^# ple study: tiny/);
  });

  it.each([
    ['compare --json', ['compare', '--json']],
    ['models --json', ['models', '--json']],
  ])('%s into a reader that has gone (| true) ends quietly', (_name, args) => {
    const p = project();
    const shell = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" ${args.join(' ')} --cwd "${p.cwd}" | true; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    expect(shell.stderr).toBe('status 0\n');
  });

  it('an --out ple may not write to: exit 2 with the system\'s reason, before any work', () => {
    const p = project();
    mkdirSync(path.join(p.cwd, 'read-only'), { mode: 0o555 });
    // root writes through permissions: there, take sysfs, which refuses new entries to root too
    // (EPERM on a VM, EROFS where a container mounts it read-only); no permission outside the test is changed
    const root = process.getuid?.() === 0;
    const out = root ? '/sys/ple-read-only-test' : 'read-only';
    const child = spawnSync(process.execPath, [BIN, 'run', 'configs/tiny.yaml', '--out', out, '--cwd', p.cwd], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(child.stderr).toMatch(new RegExp(`^ple: --out ${out.replace(/[/.]/g, '\\$&')}: cannot write there \\((EACCES: permission denied|EROFS: read-only file system|EPERM: operation not permitted)\\)\\n$`));
    expect(child.status).toBe(2);
    expect(readdirSync(path.join(p.cwd, 'read-only'))).toEqual([]);
  });
});
