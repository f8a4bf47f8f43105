import { studySettings } from '../../src/config/study-settings';
import { configHash, jobConfigSha256, modelArgsHash, studyIdentity } from '../../src/results/study-identity';
import { TWO_TASKS, makeConfig } from '../study/fixtures';

const models = [
  { name: 'single_task', arch: 'single_task', args: { bottom: [8] } },
  { name: 'mmoe', arch: 'mmoe', args: { experts: 2 } },
];
const base = () => makeConfig(TWO_TASKS, models, [1, 2]);

describe("a run's identity is its study, not the models and seeds asked for", () => {
  const config = base();
  const same: [string, ReturnType<typeof base>][] = [
    ['a subset of the models (--models)', { ...config, models: [models[1]] }],
    ['other models altogether', { ...config, models: [{ name: 'ple', arch: 'ple', args: {} }] }],
    ['more seeds (--seeds)', { ...config, training: { ...config.training, seeds: [1, 2, 3, 4] } }],
    ['other statistics settings', { ...config, study: studySettings({}, { correction: 'bh', interval: 'seeds' }) }],
    ['a description', { ...config, description: 'mine' }],
    ['predictions and models kept', { ...config, training: { ...config.training, save_predictions: true, save_models: true } }],
  ];
  test.each(same)('same run with %s', (_name, other) => expect(configHash(other)).toBe(configHash(config)));

  const differs: [string, ReturnType<typeof base>][] = [
    ['more epochs', { ...config, training: { ...config.training, epochs: 9 } }],
    ['another learning rate', { ...config, training: { ...config.training, learning_rate: 0.5 } }],
    ['another data file', { ...config, data: { ...config.data, path: '../data/other.arrow' } }],
    ['another split', { ...config, split: { ...config.split, test_days: [7], train_days: [1, 2, 3, 4, 5, 6] } }],
    ['another task weight', { ...config, tasks: config.tasks.map((t, i) => (i === 0 ? { ...t, weight: 2 } : t)) }],
    ['data seeds where there were none', { ...config, training: { ...config.training, data_seeds: [1, 2] } }],
  ];
  test.each(differs)('another run with %s', (_name, other) => expect(configHash(other)).not.toBe(configHash(config)));

  test('more data seeds are the same run as fewer (worlds are keys of jobs), and the identity names no model', () => {
    const worlds = { ...config, training: { ...config.training, data_seeds: [1, 2] } };
    expect(configHash({ ...worlds, training: { ...worlds.training, data_seeds: [1, 2, 3] } })).toBe(configHash(worlds));
    expect(JSON.stringify(studyIdentity(config))).not.toMatch(/mmoe|single_task|"seeds"/);
  });
});

describe('jobs are keyed by their model\'s resolved arguments', () => {
  test('the args hash changes with an argument, not with the name or the other models', () => {
    expect(modelArgsHash(models[1])).toMatch(/^[0-9a-f]{8}$/);
    expect(modelArgsHash({ ...models[1], args: { experts: 3 } })).not.toBe(modelArgsHash(models[1]));
    expect(modelArgsHash({ ...models[1], arch: 'cgc' })).not.toBe(modelArgsHash(models[1]));
    expect(modelArgsHash({ arch: 'mmoe', args: { experts: 2 } })).toBe(modelArgsHash(models[1]));
  });

  test("a job's provenance hashes its study and its own model, so other models and more seeds leave it as it was", () => {
    const config = base();
    const h = jobConfigSha256(config, models[1]);
    expect(jobConfigSha256({ ...config, models: [models[1]], training: { ...config.training, seeds: [1, 2, 3] } }, models[1])).toBe(h);
    expect(jobConfigSha256(config, { ...models[1], args: { experts: 3 } })).not.toBe(h);
    expect(jobConfigSha256({ ...config, training: { ...config.training, epochs: 7 } }, models[1])).not.toBe(h);
  });
});
