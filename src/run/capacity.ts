import * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/types';
import { buildContext } from '../train/build-context';
import { BASELINE_ARCH, buildModel, countParameters } from '../models';

/**
 * Trainable parameters of each model of a config (built once and disposed).
 * A worker pool's parent has no backend of its own, so it builds them on
 * tfjs's CPU backend, whose first tensor prints tfjs's advice to install
 * tfjs-node "to speed things up": about training, which runs in the workers
 * on the backend they chose, so it is kept out of the run's output.
 */
export function parameterCounts(config: Config): Map<string, number> {
  const ctx = buildContext(config, 0);
  const counts = new Map<string, number>();
  withoutTfjsWarnings(() => {
    for (const m of config.models) {
      const model = buildModel(m.arch, m.args, ctx);
      counts.set(m.name, countParameters(model));
      model.dispose();
    }
  });
  return counts;
}

function withoutTfjsWarnings(build: () => void): void {
  const env = tf.env();
  const prod = env.getBool('PROD');
  env.set('PROD', true); // tfjs's own warnings and logs only (backend_util.warn/log)
  try {
    build();
  } finally {
    env.set('PROD', prod);
  }
}

/**
 * A warning when a run's multi-task models differ in size by more than
 * `ratio`: a gain between models of very different capacity measures the
 * capacity as much as the sharing scheme. Null when they are comparable.
 */
export function capacityWarning(config: Config, ratio = 2): string | null {
  const counts = [...parameterCounts(config)].filter(([name]) => config.models.find((m) => m.name === name)?.arch !== BASELINE_ARCH);
  if (counts.length < 2) return null;
  const [small, large] = [counts.reduce((a, b) => (b[1] < a[1] ? b : a)), counts.reduce((a, b) => (b[1] > a[1] ? b : a))];
  if (large[1] <= ratio * small[1]) return null;
  return (
    `the multi-task models differ in size by ${(large[1] / small[1]).toFixed(1)}× (${large[0]} ${large[1].toLocaleString('en')} parameters, ` +
    `${small[0]} ${small[1].toLocaleString('en')}): their gains compare capacity as well as sharing; widen or narrow them to within ${ratio}×`
  );
}
