import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openblasCoretypeFor } from '../src/ops/native-blas';

/** One model's PyTorch figures: samples/s at the median step and at the fastest one. */
export interface TorchSpeed {
  parameters: number;
  train: number;
  trainBest: number;
  inference: number;
  /** the thread count that gave `train` */
  threads: number;
}

export interface TorchResult {
  torch: string;
  coretype: string;
  models: Record<string, TorchSpeed>;
}

/** How to run bench/torch_bench.py: Debian's python3 where it has torch, with OPENBLAS_CORETYPE set where needed. */
export interface TorchSetup {
  python: string;
  script: string;
  env: NodeJS.ProcessEnv;
}

/** The python and script that run the PyTorch models, or why there are none. */
export function torchSetup(): TorchSetup | string {
  const script = [path.resolve(__dirname, '../../bench/torch_bench.py'), path.resolve(__dirname, 'torch_bench.py')].find((p) =>
    fs.existsSync(p),
  );
  if (script === undefined) return 'bench/torch_bench.py not found';
  const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  if (spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0) {
    return `PyTorch is not installed for ${python} (apt-get install python3-torch libopenblas0-openmp)`;
  }
  const env = { ...process.env };
  if (env.OPENBLAS_CORETYPE === undefined) {
    const core = openblasCoretypeFor(fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '');
    if (core !== undefined) env.OPENBLAS_CORETYPE = core;
  }
  return { python, script, env };
}

/**
 * The same paper-sized models in PyTorch (bench/torch_bench.py), at their
 * best: Debian's /usr/bin/python3, OPENBLAS_CORETYPE set on AVX-512 CPUs that
 * OpenBLAS 0.3.21 misdetects (PERF-NOTES.md), and per model the faster of 1
 * thread and all cores (1 wins when other processes share the cores: OpenMP
 * threads spin-wait). A string says why there is no reference.
 */
export function torchReference(batch: number, steps: number): TorchResult | string {
  const setup = torchSetup();
  if (typeof setup === 'string') return setup;
  const { python, script, env } = setup;
  let best: TorchResult | undefined;
  for (const threads of [...new Set([1, os.availableParallelism()])]) {
    const run = spawnSync(python, [script, '--steps', String(steps), '--threads', String(threads), '--batch', String(batch)], {
      encoding: 'utf8',
      env,
    });
    if (run.status !== 0) return `torch_bench.py failed: ${run.stderr.trim().split('\n').pop() ?? run.signal}`;
    const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as { torch: string; models: Record<string, Omit<TorchSpeed, 'threads'>> };
    best ??= { torch: r.torch, coretype: env.OPENBLAS_CORETYPE ?? 'auto', models: {} };
    for (const [name, m] of Object.entries(r.models)) {
      const prev = best.models[name];
      best.models[name] = {
        ...(prev === undefined || m.train > prev.train ? { ...m, threads } : prev),
        trainBest: Math.max(m.trainBest, prev?.trainBest ?? 0),
      };
    }
  }
  return best!;
}
