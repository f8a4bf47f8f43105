import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseYaml } from '../../src/config/load';
import { expandSweep } from '../../src/config/sweep';
import { validateConfig } from '../../src/config/validate';
import { baseConfig } from './fixtures';

type Mutate = (c: any) => void;

/** Each invalid config → a line its errors must contain. */
const INVALID: [string, Mutate, RegExp][] = [
  ['misspelt architecture', (c) => (c.models[1].arch = 'mmeo'), /^models\[1\]\.arch: unknown architecture "mmeo" \(did you mean "mmoe"\?\)/],
  ['test day beyond the data', (c) => (c.split.test_days = [9]), /^split\.test_days: day 9 is outside the data \(days 1-8\)$/],
  ['unknown top-level key', (c) => (c.trainning = {}), /^trainning: unknown key \(did you mean "training"\?\)$/],
  ['unknown nested key', (c) => (c.training.epoch = 3), /^training\.epoch: unknown key \(did you mean "epochs"\?\)$/],
  ['epochs of zero', (c) => (c.training.epochs = 0), /^training\.epochs: expected a number >= 1, got 0$/],
  ['epochs not a number', (c) => (c.training.epochs = 'three'), /^training\.epochs: expected a number, got "three"$/],
  ['fractional batch size', (c) => (c.training.batch_size = 10.5), /^training\.batch_size: expected an integer, got 10.5$/],
  ['unknown data source', (c) => (c.data.source = 'vidoe'), /^data\.source: expected one of video, synthetic, file, got "vidoe" \(did you mean "video"\?\)$/],
  ['missing tasks', (c) => delete c.tasks, /^tasks: required \(expected a list\)$/],
  ['unknown task type', (c) => (c.tasks[0].type = 'classification'), /^tasks\[0\]\.type: expected one of binary, regression, got "classification"$/],
  ['duplicate task names', (c) => (c.tasks[1].name = 'vtr'), /^tasks: the name "vtr" is used twice$/],
  ['duplicate model names', (c) => (c.models[1].name = c.models[0].name), /^models: the name "single" is used twice$/],
  ['test day also trained on', (c) => (c.split.test_days = [7]), /^split\.test_days: day 7 is also a training day/],
  ['validation day not a train day', (c) => (c.split.validation = { days: [8], fraction: 0.1 }), /^split\.validation\.days: day 8 is not a training day/],
  ['validation fraction above 1', (c) => (c.split.validation = { fraction: 1.5 }), /^split\.validation\.fraction: expected a number <= 1, got 1.5$/],
  ['early stopping without validation', (c) => (c.training.early_stopping = { patience: 1 }), /^training\.early_stopping: needs a validation slice/],
  ['sigmoid output on a binary task', (c) => (c.tasks[0].sigmoid_output = true), /^tasks\[0\]\.sigmoid_output: only for regression tasks/],
  ['label used as a feature', (c) => c.features.numeric.push('vtr'), /^features: "vtr" is a label or mask column/],
  ['params for another source', (c) => (c.data.synthetic = { correlation: 0.5 }), /^data\.synthetic: parameters for source "synthetic", but data.source is "video"$/],
  ['negative learning rate', (c) => (c.training.learning_rate = -1), /^training\.learning_rate: expected a number > 0, got -1$/],
  ['unknown learning-rate decay', (c) => (c.training.learning_rate_decay = 'cosine'), /^training\.learning_rate_decay: expected one of constant, linear, got "cosine"$/],
  ['bad model argument', (c) => (c.models[1].experts = 0), /^models\[1\]\.experts: expected a number >= 1, got 0$/],
  ['unknown model argument', (c) => (c.models[1].expert = 3), /^models\[1\]\.expert: unknown key \(did you mean "experts"\?\)$/],
  ['unknown model default', (c) => (c.model_defaults = { towers: [8] }), /^model_defaults\.towers: no architecture takes "towers" \(did you mean "tower"\?\)$/],
  ['bad config name', (c) => (c.name = 'My Study'), /^name: expected a lower-case name usable as a folder, got "My Study"$/],
  ['unknown sweep path', (c) => (c.sweep = { 'data.video.userz': [1, 2] }), /^sweep\.data\.video\.userz: unknown parameter "userz" \(did you mean "users"\?\)/],
  ['sweep value invalid at a point', (c) => (c.sweep = { 'training.epochs': [1, 0] }), /^sweep point epochs=0: training\.epochs: expected a number >= 1, got 0$/],
  ['unknown weighting method', (c) => (c.training.weighting = { method: 'gradnrom' }), /^training\.weighting\.method: .*gradnorm/],
  ['a weighting parameter of another method', (c) => (c.training.weighting = { method: 'dwa', alpha: 1 }), /^training\.weighting\.alpha: unknown key/],
  ['a non-positive DWA temperature', (c) => (c.training.weighting = { method: 'dwa', temperature: 0 }), /^training\.weighting\.temperature: expected a number > 0, got 0$/],
  ['gradnorm beside a task weight', (c) => ((c.training.weighting = { method: 'gradnorm' }), (c.tasks[1].weight = 3)), /^training\.weighting\.method: gradnorm sets the task weights itself; leave tasks\[1\]\.weight at 1/],
  ['a model\'s own weighting beside a gamma', (c) => ((c.models[1].weighting = { method: 'uncertainty' }), (c.tasks[0].gamma = 0.9)), /^models\[1\]\.weighting\.method: uncertainty sets the task weights itself; leave tasks\[0\]\.gamma at 1/],
  ['a model\'s weighting that is not one', (c) => (c.models[1].weighting = { method: 'average' }), /^models\[1\]\.weighting\.method: /],
  ['conditional on a later task', (c) => (c.tasks[0].conditional_on = 'vcr'), /^tasks\[0\]\.conditional_on: expected the name of an earlier task \(none\), got "vcr"$/],
  ['conditional between a binary and a regression task', (c) => (c.tasks[1].conditional_on = 'vtr'), /^tasks\[1\]\.conditional_on: both "vcr" and "vtr" must be binary tasks/],
  ['infinite learning rate (YAML .inf)', (c) => (c.training.learning_rate = Infinity), /^training\.learning_rate: expected a finite number, got Infinity$/],
  ['infinite task weight (1e309)', (c) => (c.tasks[0].weight = 1e309), /^tasks\[0\]\.weight: expected a finite number, got Infinity$/],
  ['infinite gamma', (c) => (c.tasks[1].gamma = Infinity), /^tasks\[1\]\.gamma: expected a finite number, got Infinity$/],
  ['NaN simulator parameter (YAML .nan)', (c) => (c.data.video = { watch_noise: NaN }), /^data\.video\.watch_noise: expected a finite number, got NaN$/],
  ['negative infinity in a model argument', (c) => (c.models[1].experts = -Infinity), /^models\[1\]\.experts: expected a finite number, got -Infinity$/],
  ['infinity among sweep values', (c) => (c.sweep = { 'training.learning_rate': [0.1, Infinity] }), /^sweep\.training\.learning_rate\[1\]: expected a finite number, got Infinity$/],
  ['more seeds than a study can run', (c) => (c.training.seeds = Array.from({ length: 10_001 }, (_, i) => i)), /^training\.seeds: expected at most 10,000 seeds, got 10,001$/],
  ['two kinds of split at once', (c) => (c.split.random = { test: 0.2 }), /^split: gives train_days \+ test_days and random; expected exactly one of train_days \+ test_days \(by day\), column \(a column of train \/ validation \/ test\) or random \(a seeded fraction\)$/],
  ['no split at all', (c) => (c.split = {}), /^split: says no way to split; expected exactly one of/],
  ['train days without test days', (c) => delete c.split.test_days, /^split\.test_days: missing \(a split by day needs both train_days and test_days\)$/],
  ['a split column for generated data', (c) => (c.split = { column: 'part' }), /^split\.column: only for a file \(data\.source is "video", whose data has no such column\)$/],
  ['validation days in a random split', (c) => (c.split = { random: { test: 0.2 }, validation: { days: [7], fraction: 0.1 } }), /^split\.validation\.days: only for a split by day/],
  ['a random test fraction of 1', (c) => (c.split = { random: { test: 1 } }), /^split\.random\.test: expected a number < 1, got 1$/],
  ['a validation fraction leaving no training rows', (c) => (c.split = { random: { test: 0.2 }, validation: { fraction: 1 } }), /^split\.validation\.fraction: 1 leaves no training rows/],
  ['an unknown numeric transform', (c) => (c.features.numeric = [{ name: 'log_length', transform: 'zscore' }]), /^features\.numeric\[0\]\.transform: expected one of none, standardize, log1p, got "zscore"$/],
  ['a clip range upside down', (c) => (c.features.numeric = [{ name: 'log_length', clip: [5, 1] }]), /^features\.numeric\[0\]\.clip: expected \[low, high\] with low < high, got \[5, 1\]$/],
  ['a numeric feature listed twice, once transformed', (c) => c.features.numeric.push({ name: 'log_length', transform: 'log1p' }), /^features: the column "log_length" is listed twice$/],
  ['the split column as a feature', (c) => ((c.data = { source: 'file', path: 'x.csv' }), (c.split = { column: 'part' }), c.features.categorical.push({ name: 'part', dim: 2 })), /^features: "part" is the split column \(split\.column\); which part a row is in must never be an input$/],
  ['a dropout rate of 1', (c) => (c.models[1].dropout = 1), /^models\[1\]\.dropout: expected a number <= 0\.95, got 1$/],
  ['a negative weight decay', (c) => (c.model_defaults = { weight_decay: -0.1 }), /^models\[0\]\.weight_decay: expected a number >= 0, got -0\.1$/],
  ['a simulated log too big for one Arrow file', (c) => (c.data.video = { impressions_per_day: 100_000_000 }), /^data\.video\.impressions_per_day: expected at most 1,000,000,000 values in the data file/],
  ['a synthetic set too big for one Arrow file', (c) => ((c.data = { source: 'synthetic', path: 'data/s.arrow', synthetic: { samples: 10_000_000, dim: 512 } }), (c.features = { numeric: ['x0'] }), (c.tasks = [{ name: 'y1', type: 'regression', label: 'y1' }])), /^data\.synthetic\.samples: expected at most 1,000,000,000 values/],
  ['an embedding table too big', (c) => (c.features.categorical = [{ name: 'user_id', vocab: 2_000_000_000, dim: 8 }]), /^features\.categorical\[0\]: expected at most 1,000,000,000 embedding values \(vocab × dim\)/],
];

describe('validateConfig', () => {
  it('accepts the base fixture and fills defaults', () => {
    const { config, errors } = validateConfig(baseConfig());
    expect(errors).toEqual([]);
    expect(config!.training.optimizer).toBe('adam');
    expect(config!.data.video!.days).toBe(8);
    expect(config!.tasks[1].gamma).toBe(1);
    expect(config!.models.map((m) => m.arch)).toEqual(['single_task', 'mmoe']);
  });

  it.each(INVALID)('rejects: %s', (_name, mutate, expected) => {
    const raw = baseConfig();
    mutate(raw);
    const { config, errors } = validateConfig(raw);
    expect(config).toBeUndefined();
    expect(errors.some((e) => expected.test(e))).toBe(true);
  });

  it('reports every problem at once', () => {
    const raw = baseConfig() as any;
    raw.training.epochs = 0;
    raw.training.batch_size = -1;
    raw.data.source = 'nope';
    expect(validateConfig(raw).errors).toHaveLength(3);
  });

  it('applies model_defaults only to architectures that take them, and a model overrides them', () => {
    const raw = baseConfig() as any;
    raw.model_defaults = { tower: [16, 8] };
    delete raw.models[0].tower;
    raw.models[1].tower = [4];
    const { config } = validateConfig(raw);
    expect(config!.models[0].args.tower).toEqual([16, 8]);
    expect(config!.models[1].args.tower).toEqual([4]);
  });
});

describe('parseYaml', () => {
  it('refuses an alias bomb instead of expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((l, i) => `${l}: &${l} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)];
    expect(() => parseYaml(levels.join('\n'), 'bomb.yaml')).toThrow(/^bomb\.yaml: invalid YAML: its aliases expand to too much \(more than 100 expansions/);
  });

  it('keeps the few aliases a real config uses', () => {
    expect(parseYaml('tower: &t [8, 4]\nother: *t\n', 'ok.yaml')).toEqual({ tower: [8, 4], other: [8, 4] });
  });
});

describe('shipped configs', () => {
  const dir = path.resolve(__dirname, '../../configs');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  it('include the studies the README names', () => {
    expect(files).toEqual(expect.arrayContaining(['vtr-vcr.yaml', 'ctr-vcr.yaml', 'multi-task.yaml', 'synthetic.yaml', 'quick.yaml', 'census-income.yaml']));
  });
  it.each(files)('%s validates', (file) => {
    const raw = parseYaml(readFileSync(path.join(dir, file), 'utf8'), file);
    expect(validateConfig(raw).errors).toEqual([]);
  });
});

describe('sweep keys', () => {
  it('name a grid of task lists by the tasks they hold', () => {
    const points = expandSweep({ tasks: [[{ name: 'vtr' }, { name: 'vcr' }, { name: 'shr' }], [{ name: 'vtr' }, { name: 'cmr' }]] });
    expect(points.map((p) => p.key)).toEqual(['tasks=vtr+vcr+shr', 'tasks=vtr+cmr']);
  });
});
