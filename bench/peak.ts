/**
 * This machine's measured peak, for bench:train to say what fraction of it
 * a model's training step reaches: independent fused multiply-adds of the
 * width ple's sgemm kernel uses (src/native/peak.c), and ple's sgemm itself
 * on a large square product (what a micro-kernel reaches with its packing
 * and memory traffic, on products far larger than a model's).
 */
import { loadNativeBlas } from '../src/ops/native-blas';

export interface MachinePeak {
  /** ple sgemm's micro-kernel on this CPU ('AVX-512F', 'AVX2+FMA', 'generic') */
  kernel: string;
  threads: number;
  /** FLOP/s of independent FMAs, by vector width in floats (8: AVX2, 16: AVX-512F), where the CPU has it */
  fma: Partial<Record<8 | 16, number>>;
  /** the width the kernel uses: the peak a product can reach */
  width: 8 | 16;
  /** FLOP/s of ple's sgemm on an n×n·n×n product, the best of a few */
  sgemm: number;
  n: number;
}

const FMA_ROUNDS = 20_000_000;
const FMA_TRIES = 9;

/** The peak on `threads` threads, or why it cannot be measured (no addon, OpenBLAS's addon). */
export function machinePeak(threads: number, n = 1536): MachinePeak | string {
  const blas = loadNativeBlas();
  if (!blas?.fmaPeak) return 'the native addon with the FMA probe is not built (npm run prepare)';
  if (blas.blas?.() !== 'own') return 'the addon is built against OpenBLAS: its kernels are not ple sgemm\'s';
  const before = blas.threads();
  try {
    blas.setThreads(threads);
    const fma: MachinePeak['fma'] = {};
    for (const width of [8, 16] as const) {
      // the best of several short tries: a try another process shares the cores with only reads lower
      const best = Math.max(...Array.from({ length: FMA_TRIES }, () => blas.fmaPeak!(width, threads, FMA_ROUNDS)));
      if (best > 0) fma[width] = best;
    }
    const kernel = blas.corename();
    const heap = new Float32Array(3 * n * n).map((_, i) => ((i * 2654435761) % 1000) / 1000 - 0.5);
    let fastest = Infinity;
    for (let r = 0; r < 4; r++) {
      const t = performance.now();
      blas.gemm(heap, 1, n, n, n, 0, 0, 0, 0, n * n, 0, 2 * n * n, -1, 0, 0, 0);
      fastest = Math.min(fastest, (performance.now() - t) / 1000);
    }
    return { kernel, threads, fma, width: kernel === 'AVX-512F' ? 16 : 8, sgemm: (2 * n ** 3) / fastest, n };
  } finally {
    blas.setThreads(before);
  }
}

/** Training FLOPs per sample: a product's forward pass and its two gradients (inputs, weights), each as many FLOPs. */
export const trainFlops = (forward: number) => 3 * forward;
