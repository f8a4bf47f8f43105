/**
 * What the optional native kernels (src/ops/native-kernels.ts) buy: training
 * and inference samples/s of the paper-sized models on the WASM backend with
 * and without them, at batch 1024 and 4096, for each BLAS thread count asked
 * for; with `--profile`, where a PLE training step spends its time per tfjs
 * kernel; and PyTorch's figures from bench/torch_bench.py when python3 has
 * torch, with our ratio to it.
 *
 * Variants (all on tfjs's 'wasm' backend, as `selectBackend('wasm')` sets it up):
 *   wasm          the wasm kernels, plain-matmul gradient (today's default)
 *   wasm+id       + the buffer-sharing Identity (src/ops/wasm-identity.ts)
 *   ple-wasm      ple's WebAssembly kernels (src/ops/wasm-blas.ts: the native kernels' set, in
 *                 WebAssembly SIMD, what a machine without a C compiler runs) + the buffer-sharing Identity
 *   blas×T        + the native kernels (src/ops/native-kernels.ts: BLAS matmuls, C memory
 *                 moves, fused Adam, dense gradients, gate mixture, gradient check), T BLAS threads
 *   blas×T+id     both
 *   blas×T+stockgrad  native kernels with tfjs's own BatchMatMul gradient
 *                 (transposed matmuls, free with BLAS; only with --variants)
 *
 *   npm run build && node dist/bench/native.js [--steps 12] [--batches 1024,4096]
 *     [--threads 1,2] [--models ple,hard_sharing,mmoe|all] [--variants wasm,wasm+id,ple-wasm,blas,blas+id,blas+stockgrad]
 *     [--profile] [--no-torch]
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import { MODELS as ARCHS, buildModel } from '../src/models';
import { installPlainMatMulGradient, restoreStockMatMulGradient } from '../src/ops/matmul-gradient';
import {
  installNativeKernels,
  installedKernels,
  nativeKernelsUnavailableReason,
  setBlasThreads,
  uninstallNativeKernels,
} from '../src/ops/native-kernels';
import { installSharedIdentity, restoreCopyingIdentity } from '../src/ops/wasm-identity';
import { type KernelSource, pinKernelSource } from '../src/ops/kernel-source';
import { disposeBatch, epochRng, gatherBatch, shuffledOrder, sliceBatch } from '../src/train/batches';
import { buildContext } from '../src/train/build-context';
import { makeOptimizer } from '../src/train/optimizer';
import { trainStep } from '../src/train/train-step';
import type { PackedData } from '../src/train/types';
import { torchReference } from './torch-reference';
import { ADAM, DIM, FEATURES, PAPER_MODELS as PAPER, benchConfig, randomData } from './paper-sized';

function opt(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const list = (name: string, fallback: string) => (opt(name) ?? fallback).split(',').filter(Boolean);

interface Speed {
  train: number;
  inference: number;
  /** training samples/s of the fastest step: what the code does when nothing else takes the cores */
  trainBest: number;
}

/**
 * Times every variant on its own copy of the model, interleaved step by step
 * (variant 1, 2, …, 1, 2, …), so that load from other processes on the
 * machine hits all variants alike; medians of per-step times.
 */
function timeVariants(arch: string, batch: number, data: PackedData, steps: number, variants: Variant[]): Record<string, Speed> {
  const order = shuffledOrder(data.rows, epochRng(1, 0));
  const perEpoch = Math.floor(data.rows / batch);
  const runs = variants.map((v) => {
    use(v);
    const model = buildModel(arch, PAPER[arch] ?? {}, buildContext(benchConfig(batch), 1));
    return { v, model, optimizer: makeOptimizer(ADAM), train: [] as number[], infer: [] as number[] };
  });
  const rows = Math.min(data.rows, 4 * batch);
  const inferBatches = Math.max(3, Math.ceil(steps / 3));
  for (let i = -2; i < steps; i++) {
    for (const r of runs) {
      use(r.v);
      const from = ((i + 2) % perEpoch) * batch;
      const b = gatherBatch(data, order, from, from + batch, 2);
      const t = performance.now();
      trainStep(r.model, r.optimizer, b, ['binary', 'regression'], [1, 1]);
      if (i >= 0) r.train.push((performance.now() - t) / 1000);
      disposeBatch(b);
      if (i < inferBatches) {
        const ib = sliceBatch(data, 0, rows, 2);
        const t2 = performance.now();
        tf.tidy(() => r.model.apply(ib.inputs).outputs.forEach((o) => o.dataSync()));
        if (i >= 0) r.infer.push((performance.now() - t2) / 1000);
        disposeBatch(ib);
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const out: Record<string, Speed> = {};
  for (const r of runs) {
    out[r.v.name] = { train: batch / median(r.train), trainBest: batch / Math.min(...r.train), inference: rows / median(r.infer) };
    r.optimizer.dispose();
    r.model.dispose();
  }
  return out;
}

/** `native`: ple's kernels installed, from `source` (default: the addon) */
type Variant = { name: string; native: boolean; source?: KernelSource; stockGrad: boolean; sharedIdentity: boolean; threads?: number };

/** Switches kernels (and their source), BLAS threads and the BatchMatMul gradient to a variant's. */
function use(v: Variant): void {
  const source = v.native ? (v.source ?? 'native') : undefined;
  const installed = installedKernels() === null ? undefined : installedKernels()!.blas?.() === 'wasm' ? 'wasm' : 'native';
  if (source !== installed) {
    uninstallNativeKernels();
    pinKernelSource(source);
    if (source !== undefined) installNativeKernels({ threads: v.threads });
  }
  if (source === 'native') setBlasThreads(v.threads!);
  if (v.sharedIdentity) installSharedIdentity();
  else restoreCopyingIdentity();
  if (v.stockGrad) restoreStockMatMulGradient();
  else installPlainMatMulGradient();
}

/** Per-kernel time of one PLE training step (tf.profile), top entries. */
async function profile(batch: number, data: PackedData, label: string): Promise<void> {
  const model = buildModel('ple', PAPER.ple, buildContext(benchConfig(batch), 1));
  const optimizer = makeOptimizer(ADAM);
  const order = Int32Array.from({ length: batch }, (_, i) => i);
  const b = gatherBatch(data, order, 0, batch, 2);
  trainStep(model, optimizer, b, ['binary', 'regression'], [1, 1]);
  const reps = 5;
  const byKernel = new Map<string, { ms: number; n: number }>();
  let wall = 0;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const info = await tf.profile(() => {
      trainStep(model, optimizer, b, ['binary', 'regression'], [1, 1]);
    });
    wall += (performance.now() - t0) / reps;
    // 'unnamed scope' entries are custom-gradient scopes whose time includes the kernels inside them: left out
    for (const k of info.kernels.filter((x) => x.name !== 'unnamed scope')) {
      const e = byKernel.get(k.name) ?? { ms: 0, n: 0 };
      e.ms += (k.kernelTimeMs as number) / reps;
      e.n += 1 / reps;
      byKernel.set(k.name, e);
    }
  }
  const total = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);
  console.log(`\n  profile, PLE train step, batch ${batch}, ${label}: kernels ${total.toFixed(1)} ms of ${wall.toFixed(1)} ms per step (mean of ${reps}, profiled)`);
  for (const [name, e] of [...byKernel.entries()].sort((x, y) => y[1].ms - x[1].ms).slice(0, 14)) {
    console.log(`    ${name.padEnd(22)} ${e.ms.toFixed(2).padStart(8)} ms  ${String(Math.round(e.n)).padStart(4)} calls  ${((100 * e.ms) / total).toFixed(0).padStart(3)}%`);
  }
  disposeBatch(b);
  optimizer.dispose();
  model.dispose();
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(7);

async function main(): Promise<void> {
  const steps = Number(opt('steps') ?? 12);
  const batches = list('batches', '1024,4096').map(Number);
  const threadCounts = list('threads', String(os.availableParallelism())).map(Number);
  const models = opt('models') === 'all' ? Object.keys(ARCHS) : list('models', 'ple,hard_sharing,mmoe');
  const backend = await selectBackend('wasm');
  console.log(`ple bench native — ${os.availableParallelism()} CPUs, Node ${process.version}, input ${FEATURES}×${DIM}, Adam`);
  console.log(`backend: ${backend.detail}`);
  uninstallNativeKernels();
  pinKernelSource('native');
  const native = installNativeKernels();
  if (native === null) console.log(`native kernels unavailable: ${nativeKernelsUnavailableReason()} — WASM figures only`);
  uninstallNativeKernels();
  pinKernelSource('wasm');
  const wasmKernels = installNativeKernels();
  if (wasmKernels === null) console.log(`ple's WebAssembly kernels unavailable: ${nativeKernelsUnavailableReason()}`);
  uninstallNativeKernels();
  pinKernelSource(undefined);

  const variants: Variant[] = [
    { name: 'wasm', native: false, stockGrad: false, sharedIdentity: false },
    { name: 'wasm+id', native: false, stockGrad: false, sharedIdentity: true },
  ];
  if (wasmKernels !== null) variants.push({ name: 'ple-wasm', native: true, source: 'wasm', stockGrad: false, sharedIdentity: true });
  if (native !== null) {
    for (const t of threadCounts) {
      variants.push({ name: `blas×${t}`, native: true, stockGrad: false, sharedIdentity: false, threads: t });
      variants.push({ name: `blas×${t}+id`, native: true, stockGrad: false, sharedIdentity: true, threads: t });
      variants.push({ name: `blas×${t}+stockgrad`, native: true, stockGrad: true, sharedIdentity: false, threads: t });
    }
  }
  const only = (opt('variants') ?? 'wasm,wasm+id,ple-wasm,blas,blas+id').split(',');
  variants.splice(0, variants.length, ...variants.filter((v) => only.includes(v.name.replace(/×\d+/, ''))));
  const results: Record<string, Record<number, Record<string, Speed>>> = {};
  for (const batch of batches) {
    const data = randomData(Math.max(8 * batch, 8192));
    console.log(`\nbatch ${batch}: training samples/s, median of ${steps} interleaved steps (fastest step) [× wasm] | inference samples/s`);
    for (const arch of models) {
      const row = timeVariants(arch, batch, data, steps, variants);
      (results[arch] ??= {})[batch] = row;
      const base = row.wasm?.train;
      console.log(`  ${arch}`);
      for (const v of variants) {
        const r = row[v.name];
        const ratio = base === undefined || !v.native ? '' : ` [${(r.train / base).toFixed(2)}×]`;
        console.log(`    ${v.name.padEnd(20)} train ${fmt(r.train)} (${fmt(r.trainBest).trim()})${ratio.padEnd(9)} | inference ${fmt(r.inference)}`);
      }
    }
    if (process.argv.includes('--profile')) {
      for (const v of variants.filter((x) => !x.native || x.source === 'wasm' || x.threads === threadCounts[threadCounts.length - 1])) {
        use(v);
        await profile(batch, data, v.name);
      }
    }
  }
  use(variants[0]);
  console.log(`\npeak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);

  if (process.argv.includes('--no-torch')) return;
  for (const batch of batches) {
    const torch = torchReference(batch, Number(opt('torch-steps') ?? 20));
    if (typeof torch === 'string') {
      console.log(`\nPyTorch reference skipped: ${torch}`);
      return;
    }
    console.log(
      `\nPyTorch ${torch.torch}, batch ${batch}, best of 1 and ${os.availableParallelism()} threads, OPENBLAS_CORETYPE=${torch.coretype}` +
        ` (ratio: our best variant ÷ PyTorch, at the median step and at the fastest step)`,
    );
    for (const [arch, t] of Object.entries(torch.models)) {
      const ours = results[arch]?.[batch];
      const best = ours ? Object.entries(ours).sort((x, y) => y[1].train - x[1].train)[0] : undefined;
      console.log(
        `  ${arch.padEnd(13)} train ${fmt(t.train)}/s (${fmt(t.trainBest).trim()})  inference ${fmt(t.inference)}/s (${t.threads} thr)` +
          (best
            ? `   ratio train ${(best[1].train / t.train).toFixed(2)} (fastest ${(best[1].trainBest / t.trainBest).toFixed(2)}; ${best[0]}),` +
              ` inference ${(best[1].inference / t.inference).toFixed(2)}`
            : ''),
      );
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
