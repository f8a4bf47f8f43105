/**
 * For bench:train, what the methods after the paper cost at the paper's
 * sizes: each weighting method's training step against `fixed`'s on the
 * same PLE (gradnorm and pcgrad need a forward and backward pass per task),
 * the methods taking turns step by step so that load from other processes
 * hits them alike; and the training samples/s of each architecture after
 * the paper.
 */
import { type WeightingConfig, weightingSchema } from '../src/config/weighting-schema';
import { buildModel } from '../src/models';
import { disposeBatch, epochRng, gatherBatch, shuffledOrder } from '../src/train/batches';
import { buildContext, taskHeads } from '../src/train/build-context';
import { makeOptimizer } from '../src/train/optimizer';
import type { PackedData } from '../src/train/types';
import { WEIGHTINGS, makeWeighting } from '../src/weighting';
import { ADAM, PAPER_MODELS, benchConfig } from './paper-sized';

/** Every method of the registry, with its defaults (the configs' values when they name only the method). */
const METHODS: WeightingConfig[] = (Object.keys(WEIGHTINGS) as WeightingConfig['method'][]).map((method) => weightingSchema.parse({ method }));

/** The architectures after the paper at the paper's sizes: 256-unit experts and towers [256, 128, 64]. */
export const AFTER_PAPER: Record<string, Record<string, unknown>> = {
  esmm: { bottom: [256], tower: [256, 128, 64] },
  aitm: { bottom: [256, 128], tower: [256, 128, 64] },
  dselect_k: { experts: 4, k: 2, expert_units: [256], tower: [256, 128, 64] },
  adatt: { levels: 2, experts_per_task: 1, shared_experts: 1, expert_units: [256], tower: [256, 128, 64] },
  stem: { experts_per_task: 1, shared_experts: 1, expert_units: [256], tower: [256, 128, 64] },
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One training step per call of a model with a weighting, batch after batch of `data`. */
function stepper(arch: string, args: Record<string, unknown>, weighting: WeightingConfig, data: PackedData, batch: number) {
  const config = benchConfig(batch);
  const heads = taskHeads(config);
  const model = buildModel(arch, args, buildContext(config, 1));
  const optimizer = makeOptimizer(ADAM);
  const method = makeWeighting(weighting, { model, spec: { types: heads.map((h) => h.type), parents: [null, null] }, baseWeights: () => [1, 1], seed: 1, weightDecay: 0 });
  const order = shuffledOrder(data.rows, epochRng(1, 0));
  const perEpoch = Math.floor(data.rows / batch);
  let i = 0;
  return {
    step: () => {
      const from = (i++ % perEpoch) * batch;
      const b = gatherBatch(data, order, from, from + batch, 2);
      method.step(optimizer, b);
      disposeBatch(b);
    },
    dispose: () => {
      method.dispose();
      optimizer.dispose();
      model.dispose();
    },
  };
}

export function weightingCost(data: PackedData, batch: number, steps: number): void {
  const runs = METHODS.map((w) => ({ w, s: stepper('ple', PAPER_MODELS.ple, w, data, batch), times: [] as number[] }));
  for (let r = -2; r < steps; r++) {
    for (const run of runs) {
      const t = performance.now();
      run.s.step();
      if (r >= 0) run.times.push(performance.now() - t); // two rounds warm up (GradNorm and PCGrad find the shared variables on their first)
    }
  }
  const fixed = median(runs[0].times);
  console.log(`\n  weighting methods on the paper-sized PLE, taking turns step by step (${steps} steps each), median step:`);
  for (const run of runs) {
    console.log(`    ${run.w.method.padEnd(12)} ${median(run.times).toFixed(1).padStart(7)} ms  ×${(median(run.times) / fixed).toFixed(2)} of fixed`);
    run.s.dispose();
  }
}

export function afterPaperSpeed(data: PackedData, batch: number, steps: number): void {
  console.log('\n  architectures after the paper (paper sizes, fixed weights), train samples/s at the median step:');
  for (const [arch, args] of Object.entries(AFTER_PAPER)) {
    const s = stepper(arch, args, { method: 'fixed' }, data, batch);
    s.step();
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t = performance.now();
      s.step();
      times.push(performance.now() - t);
    }
    console.log(`    ${arch.padEnd(12)} ${Math.round(batch / (median(times) / 1000)).toLocaleString('en-US').padStart(8)}/s`);
    s.dispose();
  }
}
