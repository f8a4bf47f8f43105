/**
 * Where a paper-sized training step's time goes with the native addon: every
 * call into it timed (the addon wrapped before the kernels are installed),
 * grouped as the forward products, the dense layers' backward kernel (its
 * two products and the activation and bias gradients), ple's other kernels,
 * and what runs outside the addon (tfjs's engine, JavaScript, tfjs's own wasm
 * kernels); then each product shape's rate in the step. The backward
 * kernel's split is measured apart: each of its shapes run alone on warm
 * operands, alternating with its two products through gemm, the difference
 * being the activation and bias gradients' time.
 *
 *   npm run bench:profile [-- --steps 60 --models ple,hard_sharing,mmoe]
 */
import { selectBackend } from '../src/backend';
import { buildModel } from '../src/models';
import { flopsPerSample } from '../src/models/flops';
import type { NativeBlas } from '../src/ops/native-blas';
import { wrapNativeBlas } from '../src/ops/native-blas';
import { buildContext } from '../src/train/build-context';
import { machinePeak, trainFlops } from './peak';
import { PAPER_MODELS, benchConfig, randomData, trainer } from './paper-sized';

const BATCH = 1024;

function opt(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

interface Tally {
  ms: number;
  calls: number;
  /** multiply-adds × 2 of the products in these calls (0 for a kernel without products) */
  flops: number;
}

/** What every call of the addon took, by kernel and by product shape, while `on`. */
class Timer {
  on = false;
  readonly byKernel = new Map<string, Tally>();
  readonly byShape = new Map<string, Tally & { dense?: [number, number, number] }>();

  wrap(blas: NativeBlas): NativeBlas {
    const wrapped: Record<string, unknown> = {};
    for (const [name, f] of Object.entries(blas as unknown as Record<string, unknown>)) {
      if (typeof f !== 'function') continue;
      wrapped[name] = (...a: number[]) => {
        if (!this.on) return f(...a);
        const t = performance.now();
        const r = f(...a);
        this.add(name, a, performance.now() - t);
        return r;
      };
    }
    return wrapped as unknown as NativeBlas;
  }

  private add(name: string, a: number[], ms: number): void {
    let shape: string | undefined;
    let flops = 0;
    let dense: [number, number, number] | undefined;
    if (name === 'gemm') {
      // (heap, batch, m, n, k, transA, transB, …)
      flops = 2 * a[1] * a[2] * a[3] * a[4];
      shape = `forward ${a[2]}×${a[4]}·${a[4]}×${a[3]}`;
    } else if (name === 'denseGrad') {
      // (heap, rows, inputs, units, …): dx = g·wᵀ and dw = xᵀ·g
      flops = 4 * a[1] * a[2] * a[3];
      dense = [a[1], a[2], a[3]];
      shape = `backward ${a[1]} rows, ${a[2]} → ${a[3]}`;
    }
    const k = this.byKernel.get(name) ?? { ms: 0, calls: 0, flops: 0 };
    this.byKernel.set(name, { ms: k.ms + ms, calls: k.calls + 1, flops: k.flops + flops });
    if (shape === undefined) return;
    const s = this.byShape.get(shape) ?? { ms: 0, calls: 0, flops: 0, dense };
    this.byShape.set(shape, { ...s, ms: s.ms + ms, calls: s.calls + 1, flops: s.flops + flops });
  }
}

/** ms of a dense backward call of this shape and of its two products alone (warm operands, 2×reps alternating), medians. */
function denseSplit(blas: NativeBlas, [rows, inputs, units]: [number, number, number], reps = 40): { all: number; products: number } {
  const sizes = { dy: rows * units, y: rows * units, x: rows * inputs, w: inputs * units, dx: rows * inputs, dw: inputs * units, db: units };
  const at: Record<string, number> = {};
  let floats = 0;
  for (const [k, n] of Object.entries(sizes)) {
    at[k] = floats;
    floats += n + 16;
  }
  const heap = new Float32Array(floats);
  for (let i = 0; i < floats; i++) heap[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
  const all: number[] = [];
  const products: number[] = [];
  for (let r = 0; r < reps; r++) {
    let t = performance.now();
    blas.denseGrad(heap, rows, inputs, units, 1, at.dy, at.y, at.x, at.w, at.dx, at.dw, at.db);
    all.push(performance.now() - t);
    t = performance.now();
    blas.gemm(heap, 1, rows, inputs, units, 0, 1, at.dy, 0, at.w, 0, at.dx, -1, 0, 0, 0);
    blas.gemm(heap, 1, inputs, units, rows, 1, 0, at.x, 0, at.dy, 0, at.dw, -1, 0, 0, 0);
    products.push(performance.now() - t);
  }
  const median = (v: number[]) => v.sort((p, q) => p - q)[v.length >> 1];
  return { all: median(all), products: median(products) };
}

const pct = (ms: number, of: number) => `${((100 * ms) / of).toFixed(0).padStart(3)}%`;
const gflops = (flops: number, ms: number) => (flops / ms / 1e6).toFixed(0);

async function main(): Promise<void> {
  const timer = new Timer();
  const blas = wrapNativeBlas((b) => timer.wrap(b));
  const backend = await selectBackend('wasm');
  if (blas === null || !/ple sgemm|OpenBLAS/.test(backend.detail)) {
    console.log(`bench:profile needs the native addon (npm run prepare with a C compiler): ${backend.detail}`);
    return;
  }
  const steps = Number(opt('steps', '60'));
  const threads = blas.threads();
  const peak = machinePeak(threads);
  console.log(`ple bench:profile — batch ${BATCH}, ${steps} steps, ${backend.detail}`);
  if (typeof peak !== 'string') {
    const fma = peak.fma[peak.width] ?? 0;
    console.log(`peak on ${threads} thread(s): independent FMAs ${(fma / 1e9).toFixed(0)} GFLOP/s, ple sgemm ${peak.n}³ ${(peak.sgemm / 1e9).toFixed(0)}`);
  }
  const data = randomData(16 * BATCH);
  for (const arch of opt('models', 'ple,hard_sharing,mmoe').split(',')) {
    const context = buildContext(benchConfig(BATCH), 1);
    const model = buildModel(arch, PAPER_MODELS[arch], context);
    const { step, optimizer } = trainer(model, data, BATCH);
    for (let i = 0; i < 10; i++) step(i);
    timer.byKernel.clear();
    timer.byShape.clear();
    const walls: number[] = [];
    timer.on = true;
    for (let i = 0; i < steps; i++) {
      const t = performance.now();
      step(i);
      walls.push(performance.now() - t);
    }
    timer.on = false;
    const wall = walls.reduce((s, x) => s + x, 0) / steps;
    const per = (t: Tally | undefined) => (t?.ms ?? 0) / steps;
    const forward = timer.byKernel.get('gemm');
    const backward = timer.byKernel.get('denseGrad');
    const inAddon = [...timer.byKernel.values()].reduce((s, t) => s + t.ms, 0) / steps;
    // the backward kernel's activation and bias gradients: each shape's warm difference, times its calls
    let elementwise = 0;
    for (const s of timer.byShape.values()) {
      if (s.dense === undefined) continue;
      const split = denseSplit(blas, s.dense);
      elementwise += (Math.max(0, split.all - split.products) * s.calls) / steps;
    }
    const products = per(forward) + per(backward) - elementwise;
    const productFlops = ((forward?.flops ?? 0) + (backward?.flops ?? 0)) / steps;
    console.log(`\n${arch}: ${wall.toFixed(1)} ms a step (mean of ${steps}; median ${walls.sort((p, q) => p - q)[steps >> 1].toFixed(1)}), ${(trainFlops(flopsPerSample(model, context)) / 1e6).toFixed(2)} MFLOP a sample`);
    const line = (what: string, ms: number, extra = '') => console.log(`  ${what.padEnd(58)} ${ms.toFixed(2).padStart(6)} ms ${pct(ms, wall)}${extra}`);
    line('products (forward, and the dense backward kernel\'s two)', products, `  ${gflops(productFlops, products)} GFLOP/s`);
    line('activation and bias gradients (in the dense backward kernel)', elementwise);
    line('ple\'s other kernels (mixtures, Adam, input, loss, checks)', inAddon - per(forward) - per(backward));
    line('outside the addon (tfjs engine, JavaScript, tfjs wasm kernels)', wall - inAddon);
    console.log('  by product shape, in the step (a backward call: both products and its elementwise part):');
    for (const [shape, s] of [...timer.byShape.entries()].sort((p, q) => q[1].ms - p[1].ms).slice(0, 10)) {
      console.log(`    ${shape.padEnd(34)} ${(s.ms / steps).toFixed(2).padStart(6)} ms  ${String(s.calls / steps).padStart(2)} a step  ${gflops(s.flops, s.ms).padStart(4)} GFLOP/s`);
    }
    optimizer.dispose();
    model.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
