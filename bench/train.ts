/**
 * Training and inference speed of PLE, hard sharing and MMoE at the paper's
 * sizes (two levels, single-layer experts of 256 units, one expert per task
 * and one shared, towers [256, 128, 64]; input 8 categorical features × dim 8
 * = 64; batch 1024; 2 tasks), per backend and WASM variant, against the same
 * models in PyTorch (bench/torch_bench.py) when python3 has torch.
 *
 *   npm run bench:train [-- --steps 15 --rounds 3 --torch-steps 20 --no-torch --blocks 20 --block-steps 6]
 *
 * Ours and PyTorch take turns for `--rounds` rounds and each keeps its best
 * figures, so that load from other processes does not decide the ratio;
 * then, for the training ratio, they take turns in short blocks of steps
 * (bench/torch-paired.ts), which load moves least.
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import { buildModel } from '../src/models';
import type { MtlModel } from '../src/models/types';
import { installPlainMatMulGradient, restoreStockMatMulGradient } from '../src/ops/matmul-gradient';
import { denseForward } from '../src/ops/dense';
import { disposeBatch, sliceBatch } from '../src/train/batches';
import { buildContext } from '../src/train/build-context';
import type { PackedData } from '../src/train/types';
import { afterPaperSpeed, weightingCost } from './after-paper';
import { machinePeak, trainFlops } from './peak';
import { flopsPerSample } from '../src/models/flops';
import { loadNativeBlas } from '../src/ops/native-blas';
import { TorchServer, pairedSteps } from './torch-paired';
import { type TorchResult, torchReference, torchSetup } from './torch-reference';
import { DIM, FEATURES, PAPER_MODELS, benchConfig, randomData, trainer } from './paper-sized';

const BATCH = 1024;
const MODELS = Object.entries(PAPER_MODELS).map(([arch, args]) => ({ name: arch, arch, args }));

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Speed {
  parameters: number;
  /** forward FLOPs per sample, counted from the model's layers (src/models/flops.ts) */
  flops: number;
  /** samples/s at the median step and at the fastest */
  train: number;
  trainBest: number;
  inference: number;
}

/**
 * Median and fastest per-call time, in seconds: the median is robust to other
 * processes sharing the cores for a moment, the fastest is the code's speed
 * when nothing else runs (bench/torch_bench.py measures PyTorch alike).
 */
function stepSeconds(calls: number, f: (i: number) => void): { median: number; fastest: number } {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    f(i);
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], fastest: times[0] };
}

function timeModel(model: MtlModel, data: PackedData, steps: number, inferBatches: number): Speed {
  const { step, optimizer } = trainer(model, data, BATCH);
  step(0);
  step(1);
  const train = stepSeconds(steps, step);
  const rows = Math.min(data.rows, 4 * BATCH);
  const infer = () => {
    const b = sliceBatch(data, 0, rows, 2);
    tf.tidy(() => model.apply(b.inputs).outputs.forEach((o) => o.dataSync()));
    disposeBatch(b);
  };
  infer();
  const inference = rows / stepSeconds(inferBatches, infer).median;
  optimizer.dispose();
  return {
    parameters: model.variables.reduce((n, v) => n + v.size, 0),
    flops: flopsPerSample(model, buildContext(benchConfig(BATCH), 1)),
    train: BATCH / train.median,
    trainBest: BATCH / train.fastest,
    inference,
  };
}

/**
 * Towers-sized MLP stack, three ways, interleaved step by step so that load
 * from other processes hits every variant alike: the stock WASM path, the
 * plain-matmul gradient alone, and denseForward (what the models use).
 */
function denseVariants(steps: number): Record<string, number> {
  const widths = [64, 256, 256, 128, 64];
  const ws = widths.slice(1).map((w, i) => tf.variable(tf.randomNormal([widths[i], w], 0, 0.05)));
  const bs = widths.slice(1).map((w) => tf.variable(tf.zeros([w])));
  const x = tf.randomNormal([BATCH, 64]);
  const plain = (h: tf.Tensor2D, i: number) => tf.relu(tf.add(tf.matMul(h, ws[i] as tf.Tensor2D), bs[i])) as tf.Tensor2D;
  const fused = (h: tf.Tensor2D, i: number) => denseForward(h, ws[i] as tf.Tensor2D, bs[i] as tf.Tensor1D, 'relu');
  const variants: [string, typeof plain, boolean][] = [
    ['plain ops, stock gradient', plain, false],
    ['plain ops, plain-matmul gradient', plain, true],
    ['denseForward (fused)', fused, true],
  ];
  const run = (layer: typeof plain, fix: boolean) => {
    if (fix) installPlainMatMulGradient();
    else restoreStockMatMulGradient();
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.mean(ws.reduce((h, _, i) => layer(h, i), x as tf.Tensor2D)) as tf.Scalar);
      value.dataSync();
      Object.values(grads).forEach((g) => g.dataSync());
    });
  };
  const times: number[][] = variants.map(() => []);
  for (let r = -1; r < steps; r++) {
    variants.forEach(([, layer, fix], v) => {
      const t = performance.now();
      run(layer, fix);
      if (r >= 0) times[v].push((performance.now() - t) / 1000); // round -1 warms up
    });
  }
  installPlainMatMulGradient();
  tf.dispose([...ws, ...bs, x]);
  return Object.fromEntries(
    variants.map(([name], v) => [name, BATCH / times[v].sort((a, b) => a - b)[Math.floor(times[v].length / 2)]]),
  );
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The better of two measurements of one model, figure by figure. */
function better<T extends { train: number; trainBest: number; inference: number }>(a: T | undefined, b: T): T {
  if (a === undefined) return b;
  return { ...b, train: Math.max(a.train, b.train), trainBest: Math.max(a.trainBest, b.trainBest), inference: Math.max(a.inference, b.inference) };
}

async function main(): Promise<void> {
  const steps = arg('steps', 15);
  const rounds = arg('rounds', 3);
  const data = randomData(8 * BATCH);
  const config = benchConfig(BATCH);
  const ours: Record<string, Speed> = {};
  let torch = (process.argv.includes('--no-torch') ? 'not asked for (--no-torch)' : undefined) as TorchResult | string | undefined;
  console.log(`ple bench:train — batch ${BATCH}, input ${FEATURES}×${DIM}, ${os.cpus().length} CPUs, Node ${process.version}`);

  const wasm = await selectBackend('wasm');
  console.log(`\nbackend wasm: ${wasm.detail}`);
  // Ours and PyTorch take turns, `rounds` times, and each keeps its best figures: load from other
  // processes that hits one side for a while then hits both alike (a 2-vCPU machine moves ±25%).
  // each round's training figures, ours then PyTorch's right after: the ratio within a round, where both met the same load
  const byRound: Record<string, { ours: number[]; torch: number[] }> = {};
  for (let r = 0; r < rounds; r++) {
    for (const m of MODELS) {
      const model = buildModel(m.arch, m.args, buildContext(config, 1));
      const speed = timeModel(model, data, steps, 5);
      (byRound[m.name] ??= { ours: [], torch: [] }).ours.push(speed.train);
      ours[m.name] = better(ours[m.name], speed);
      model.dispose();
    }
    if (typeof torch !== 'string') {
      const t = torchReference(BATCH, arg('torch-steps', 20));
      if (typeof t !== 'string') for (const [k, v] of Object.entries(t.models)) byRound[k]?.torch.push(v.train);
      const prev: TorchResult | undefined = torch;
      torch = typeof t === 'string' ? t : { ...t, models: Object.fromEntries(Object.entries(t.models).map(([k, v]) => [k, better(prev?.models[k], v)])) };
    }
  }
  console.log(`  best of ${rounds} rounds, samples/s at the median step (the fastest step):`);
  for (const [name, s] of Object.entries(ours)) {
    console.log(
      `  ${name.padEnd(13)} params ${fmt(s.parameters).padStart(9)}  train ${fmt(s.train).padStart(7)}/s (${fmt(s.trainBest)})  inference ${fmt(s.inference).padStart(8)}/s`,
    );
  }
  peakReport(ours);
  weightingCost(data, BATCH, steps);
  afterPaperSpeed(data, BATCH, steps);
  console.log('\n  dense stack [64→256→256→128→64] (ReLU), train samples/s:');
  for (const [name, v] of Object.entries(denseVariants(steps))) console.log(`    ${name.padEnd(34)} ${fmt(v).padStart(7)}/s`);

  await selectBackend('cpu');
  console.log('\nbackend cpu (3 steps, PLE only):');
  const model = buildModel(MODELS[0].arch, MODELS[0].args, buildContext(config, 1));
  const cpu = timeModel(model, data, 3, 1);
  model.dispose();
  console.log(`  ple           train ${fmt(cpu.train).padStart(7)}/s  inference ${fmt(cpu.inference).padStart(8)}/s`);

  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`\npeak RSS ${fmt(rssMb)} MB`);

  if (typeof torch !== 'object') {
    console.log(`\nPyTorch reference skipped: ${torch ?? 'no rounds'}`);
    if (torch === undefined) await pairedReport(data, arg('blocks', 20), arg('block-steps', 6));
    return;
  }
  console.log(
    `\nPyTorch ${torch.torch}, best of 1 and all threads and of ${rounds} rounds, OPENBLAS_CORETYPE=${torch.coretype}` +
      ' (ours ÷ PyTorch at the median step, and at the fastest):',
  );
  for (const [name, t] of Object.entries(torch.models)) {
    const o = ours[name];
    console.log(
      `  ${name.padEnd(13)} params ${fmt(t.parameters).padStart(9)}  train ${fmt(t.train).padStart(7)}/s (${fmt(t.trainBest)})  inference ${fmt(t.inference).padStart(8)}/s` +
        (o
          ? `   ours/PyTorch: train ${(o.train / t.train).toFixed(2)} (fastest ${(o.trainBest / t.trainBest).toFixed(2)}), inference ${(o.inference / t.inference).toFixed(2)}`
          : ''),
    );
  }
  console.log('  training, ours ÷ PyTorch within each round (the spread one run of this command sees):');
  for (const [name, r] of Object.entries(byRound)) {
    if (r.torch.length === r.ours.length) console.log(`    ${name.padEnd(13)} ${r.ours.map((o, i) => (o / r.torch[i]).toFixed(2)).join(', ')}`);
  }
  await pairedReport(data, arg('blocks', 20), arg('block-steps', 6));
}

/** Each model's FLOPs per sample, the GFLOP/s its median training step reached, and that as a share of this machine's measured peak. */
function peakReport(ours: Record<string, Speed>): void {
  // the threads the models' products just ran on
  const peak = machinePeak(loadNativeBlas()?.threads() ?? 1);
  if (typeof peak === 'string') {
    console.log(`\n  peak not measured: ${peak}`);
    return;
  }
  const g = (flops: number) => (flops / 1e9).toFixed(1);
  const widths = Object.entries(peak.fma).map(([w, f]) => `${w} floats ${g(f)}`).join(', ');
  const fma = peak.fma[peak.width] ?? 0;
  console.log(
    `\n  peak on ${peak.threads} thread(s): independent FMAs ${widths} GFLOP/s; ple sgemm (${peak.kernel}) ${peak.n}³ ${g(peak.sgemm)} GFLOP/s (${((100 * peak.sgemm) / fma).toFixed(0)}% of the ${peak.width}-float FMAs)`,
  );
  console.log('  training FLOPs per sample = 3 × forward (each product and its two gradients; elementwise work not counted):');
  for (const [name, s] of Object.entries(ours)) {
    const rate = s.train * trainFlops(s.flops);
    console.log(
      `  ${name.padEnd(13)} ${(trainFlops(s.flops) / 1e6).toFixed(2)} MFLOP/sample  ${g(rate).padStart(6)} GFLOP/s at the median step: ${((100 * rate) / fma).toFixed(0)}% of the FMA peak, ${((100 * rate) / peak.sgemm).toFixed(0)}% of ple sgemm's`,
    );
  }
}

/**
 * Ours and PyTorch taking turns in short blocks of training steps
 * (bench/torch-paired.ts), PyTorch on 1 thread and on all cores: the ratio
 * that load from other processes moves least.
 */
async function pairedReport(data: PackedData, blocks: number, steps: number): Promise<void> {
  const setup = torchSetup();
  if (typeof setup === 'string') return;
  await selectBackend('wasm');
  console.log(
    `\n  training, taking turns in blocks (${blocks} rounds of ${steps} steps each of ours, PyTorch on 1 thread` +
      ` and on ${os.availableParallelism()}; a block's first step not counted), median step:`,
  );
  console.log("  model          ours ms  PyTorch ms (threads)  ours ÷ PyTorch  (quartiles of the rounds' ratios)");
  for (const m of MODELS) {
    const servers = [...new Set([1, os.availableParallelism()])].map((threads) => ({ threads, server: new TorchServer(setup, BATCH, threads) }));
    const model = buildModel(m.arch, m.args, buildContext(benchConfig(BATCH), 1));
    const { step, optimizer } = trainer(model, data, BATCH);
    try {
      const p = await pairedSteps(servers, m.name, step, blocks, steps);
      const q = (f: number) => p.blockRatios[Math.floor(f * (p.blockRatios.length - 1))].toFixed(2);
      console.log(
        `  ${m.name.padEnd(13)} ${(p.oursMedian * 1000).toFixed(1).padStart(8)} ${(p.torchMedian * 1000).toFixed(1).padStart(11)}` +
          ` (${p.torchThreads})  ${p.ratio.toFixed(2).padStart(14)}  (${q(0.25)}, ${q(0.5)}, ${q(0.75)})`,
      );
    } finally {
      for (const { server } of servers) server.close();
      optimizer.dispose();
      model.dispose();
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
