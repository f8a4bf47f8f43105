/**
 * Training and inference speed of PLE, hard sharing and MMoE at the paper's
 * sizes (two levels, single-layer experts of 256 units, one expert per task
 * and one shared, towers [256, 128, 64]; input 8 categorical features × dim 8
 * = 64; batch 1024; 2 tasks), per backend and WASM variant, against the same
 * models in PyTorch (bench/torch_bench.py) when python3 has torch.
 *
 *   npm run bench:train [-- --steps 10 --torch-steps 20 --no-torch]
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import { buildModel } from '../src/models';
import type { MtlModel } from '../src/models/types';
import { installPlainMatMulGradient, restoreStockMatMulGradient } from '../src/ops/matmul-gradient';
import { denseForward } from '../src/ops/dense';
import { disposeBatch, gatherBatch, shuffledOrder, epochRng, sliceBatch } from '../src/train/batches';
import { buildContext } from '../src/train/build-context';
import type { PackedData } from '../src/train/types';
import { makeOptimizer } from '../src/train/optimizer';
import { trainStep } from '../src/train/train-step';
import { ADAM, DIM, FEATURES, PAPER_MODELS, benchConfig, randomData } from './paper-sized';

const BATCH = 1024;
const MODELS = Object.entries(PAPER_MODELS).map(([arch, args]) => ({ name: arch, arch, args }));

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Speed {
  parameters: number;
  train: number;
  inference: number;
}

/** Median of per-call times, in seconds: robust to other processes sharing the 2 cores for a moment. */
function medianSeconds(calls: number, f: (i: number) => void): number {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    f(i);
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function timeModel(model: MtlModel, data: PackedData, steps: number, inferBatches: number): Speed {
  const optimizer = makeOptimizer(ADAM);
  const order = shuffledOrder(data.rows, epochRng(1, 0));
  const perEpoch = Math.floor(data.rows / BATCH);
  const step = (i: number) => {
    const from = (i % perEpoch) * BATCH;
    const b = gatherBatch(data, order, from, from + BATCH, 2);
    trainStep(model, optimizer, b, ['binary', 'regression'], [1, 1]);
    disposeBatch(b);
  };
  step(0);
  step(1);
  const train = BATCH / medianSeconds(steps, step);
  const rows = Math.min(data.rows, 4 * BATCH);
  const infer = () => {
    const b = sliceBatch(data, 0, rows, 2);
    tf.tidy(() => model.apply(b.inputs).outputs.forEach((o) => o.dataSync()));
    disposeBatch(b);
  };
  infer();
  const inference = rows / medianSeconds(inferBatches, infer);
  optimizer.dispose();
  return { parameters: model.variables.reduce((n, v) => n + v.size, 0), train, inference };
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

function torchReference(steps: number): { models: Record<string, Speed>; torch: string; coretype: string } | string {
  const script = [
    path.resolve(__dirname, '../../bench/torch_bench.py'),
    path.resolve(process.cwd(), 'bench/torch_bench.py'),
  ].find((p) =>
    fs.existsSync(p),
  );
  const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  if (script === undefined) return 'bench/torch_bench.py not found';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return `PyTorch is not installed for ${python} (apt-get install python3-torch libopenblas0-openmp)`;
  const env = { ...process.env };
  // OpenBLAS 0.3.21 does not recognise some AVX-512 CPUs and falls back to a slow kernel (PERF-NOTES.md); AVX2-only CPUs are detected fine.
  if (env.OPENBLAS_CORETYPE === undefined && /\bavx512f\b/.test(readCpuFlags())) env.OPENBLAS_CORETYPE = 'SkylakeX';
  // PyTorch at its best: 2 threads (as torch.set_num_threads(2)), and 1 thread, which wins when other
  // processes share the cores (OpenMP threads spin-wait); per model, the faster of the two.
  const results: { torch: string; models: Record<string, Speed> }[] = [];
  for (const threads of ['2', '1']) {
    const run = spawnSync(python, [script, '--steps', String(steps), '--threads', threads], { encoding: 'utf8', env });
    if (run.status !== 0) return `torch_bench.py failed: ${run.stderr.trim().split('\n').pop() ?? run.signal}`;
    results.push(JSON.parse(run.stdout.trim().split('\n').pop()!));
  }
  const models: Record<string, Speed & { threads: number }> = {};
  for (const name of Object.keys(results[0].models)) {
    const [two, one] = results.map((r) => r.models[name]);
    models[name] = {
      parameters: two.parameters,
      train: Math.max(two.train, one.train),
      inference: Math.max(two.inference, one.inference),
      threads: two.train >= one.train ? 2 : 1,
    };
  }
  return { torch: results[0].torch, models, coretype: env.OPENBLAS_CORETYPE ?? 'auto' };
}

function readCpuFlags(): string {
  try {
    return fs.readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const steps = arg('steps', 15);
  const data = randomData(8 * BATCH);
  const config = benchConfig(BATCH);
  const ours: Record<string, Speed> = {};
  console.log(`ple bench:train — batch ${BATCH}, input ${FEATURES}×${DIM}, ${require('node:os').cpus().length} CPUs, Node ${process.version}`);

  const wasm = await selectBackend('wasm');
  console.log(`\nbackend wasm: ${wasm.detail}`);
  // The models' dense layers use denseForward (fused forward, plain-matmul backward); the stock WASM
  // path is measured on the dense stack below, which is where the difference lies.
  for (const m of MODELS) {
    const model = buildModel(m.arch, m.args, buildContext(config, 1));
    const s = timeModel(model, data, steps, 5);
    model.dispose();
    ours[m.name] = s;
    console.log(`  ${m.name.padEnd(13)} params ${fmt(s.parameters).padStart(9)}  train ${fmt(s.train).padStart(7)}/s  inference ${fmt(s.inference).padStart(8)}/s`);
  }
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

  if (process.argv.includes('--no-torch')) return;
  const torch = torchReference(arg('torch-steps', 20));
  if (typeof torch === 'string') {
    console.log(`\nPyTorch reference skipped: ${torch}`);
    return;
  }
  console.log(`\nPyTorch ${torch.torch}, best of 2 and 1 threads, OPENBLAS_CORETYPE=${torch.coretype}:`);
  for (const [name, t] of Object.entries(torch.models)) {
    const o = ours[name];
    console.log(
      `  ${name.padEnd(13)} params ${fmt(t.parameters).padStart(9)}  train ${fmt(t.train).padStart(7)}/s  inference ${fmt(t.inference).padStart(8)}/s` +
        (o ? `   ours/PyTorch: train ${(o.train / t.train).toFixed(2)}, inference ${(o.inference / t.inference).toFixed(2)}` : ''),
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
