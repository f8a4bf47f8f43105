import * as tf from '@tensorflow/tfjs';
import { type ArchName, MODELS, argKeys, buildModel, formatIssues } from '../../src/models';
import { exportWeights, importWeights } from '../../src/models/weights';
import { TWO_TASKS, context } from './fixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const errors = (arch: ArchName, args: unknown): string[] => {
  const r = MODELS[arch].args.safeParse(args);
  return r.success ? [] : formatIssues(r.error);
};

test.each<[ArchName, unknown, string]>([
  ['cgc', { experts_per_task: 0 }, 'experts_per_task: expected an integer >= 1, got 0'],
  ['ple', { levels: 1.5 }, 'levels: expected an integer >= 1, got 1.5'],
  ['mmoe', { tower: [64, 0] }, 'tower.1: expected an integer >= 1, got 0'],
  ['mmoe', { expert_units: [] }, 'expert_units: expected at least 1 layer width, got []'],
  ['hard_sharing', { bottom: 256 }, 'bottom: expected a list of layer widths (integers >= 1), got 256'],
  ['sluice', { layers: [5], subspaces: 2 }, 'layers.0: expected a multiple of subspaces (2), got 5'],
  ['asymmetric', { edges: [{ from: 'vtr', to: 'vtr' }] }, 'edges.0: a task cannot feed its own tower, got vtr -> vtr'],
  ['cross_stitch', { alpha_self: 2 }, 'alpha_self: expected a number in [0, 1], got 2'],
  ['ml_mmoe', { activation: 'gelu' }, 'activation: expected one of relu, tanh, sigmoid, linear, got "gelu"'],
  ['single_task', { bogus: 1 }, "Unrecognized key(s) in object: 'bogus'"],
])('%s %j → %s', (arch, args, message) => {
  expect(errors(arch, args)).toEqual([message]);
});

test('defaults follow the paper: towers [256, 128, 64], ReLU, two levels, one expert per module; no regularisation', () => {
  expect(MODELS.ple.args.parse({})).toEqual({
    levels: 2,
    experts_per_task: 1,
    shared_experts: 1,
    expert_units: [256],
    tower: [256, 128, 64],
    activation: 'relu',
    dropout: 0,
    weight_decay: 0,
  });
  expect(MODELS.mmoe.args.parse({})).toMatchObject({ experts: 3, expert_units: [256] });
  for (const arch of Object.keys(MODELS) as ArchName[]) expect(errors(arch, {})).toEqual([]);
});

test('argKeys lists what each architecture accepts', () => {
  expect(argKeys('sluice').sort()).toEqual(['activation', 'alpha_self', 'dropout', 'layers', 'orthogonality', 'subspaces', 'tower', 'weight_decay']);
  expect(argKeys('asymmetric')).toContain('edges');
});

test('buildModel names the architecture and the problem', () => {
  expect(() => buildModel('nope', {}, context(TWO_TASKS))).toThrow(/unknown architecture "nope" \(expected one of single_task/);
  expect(() => buildModel('cgc', { shared_experts: 0 }, context(TWO_TASKS))).toThrow(
    'cgc: shared_experts: expected an integer >= 1, got 0',
  );
});

test('importWeights refuses weights of another shape or architecture', () => {
  const small = buildModel('mmoe', { experts: 2, expert_units: [4], tower: [4] }, context(TWO_TASKS));
  const large = buildModel('mmoe', { experts: 3, expert_units: [4], tower: [4] }, context(TWO_TASKS));
  const cgc = buildModel('cgc', { expert_units: [4], tower: [4] }, context(TWO_TASKS));
  expect(() => importWeights(large, exportWeights(small))).toThrow(/"experts\/dense_0\/kernel": expected shape \[7,12\], got \[7,8\]/);
  expect(() => importWeights(cgc, exportWeights(small))).toThrow(/weights do not fit this cgc model: unexpected weight "experts\/dense_0\/kernel"/);
  [small, large, cgc].forEach((m) => m.dispose());
});
