import * as tf from '@tensorflow/tfjs';
import type { Config } from '../../src/config/types';
import { capacityWarning, parameterCounts } from '../../src/run/capacity';
import { TWO_TASKS, makeConfig } from '../study/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function configWith(models: { name: string; arch: string; args: Record<string, unknown> }[]): Config {
  const config = makeConfig(TWO_TASKS, models, [1]);
  return { ...config, features: { categorical: [{ name: 'user', vocab: 50, dim: 4 }], numeric: [{ name: 'x', transform: 'none' as const }] }, models };
}

describe('capacity across the multi-task models of a run', () => {
  const small = { name: 'hard_sharing', arch: 'hard_sharing', args: { bottom: [8], tower: [8] } };
  const baseline = { name: 'single_task', arch: 'single_task', args: { bottom: [256], tower: [256] } };

  test('counts every model, the baseline included', () => {
    const counts = parameterCounts(configWith([baseline, small]));
    // hard sharing: table 50·4 + bottom 5→8 + 2 towers 8→8→1
    expect(counts.get('hard_sharing')).toBe(200 + (5 * 8 + 8) + 2 * (8 * 8 + 8 + 8 + 1));
    expect(counts.get('single_task')).toBeGreaterThan(100000);
  });

  test('warns past 2×, names the two models; the baseline, which has no peer, is not counted', () => {
    expect(capacityWarning(configWith([baseline, small, { name: 'mmoe', arch: 'mmoe', args: { experts: 2, expert_units: [8], tower: [8] } }]))).toBeNull();
    const big = { name: 'ple', arch: 'ple', args: { expert_units: [64], tower: [64] } };
    expect(capacityWarning(configWith([baseline, small, big]))).toMatch(/differ in size by \d+\.\d× \(ple [\d,]+ parameters, hard_sharing [\d,]+\)/);
  });
});
