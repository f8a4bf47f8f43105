import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as readline from 'node:readline';
import type { TorchSetup } from './torch-reference';

/**
 * Ours and PyTorch's training steps taking turns in short blocks, the
 * PyTorch model kept warm in a server process (bench/torch_bench.py
 * --serve) that waits on its stdin while ours runs, and ours waiting while
 * it runs. Load from other tenants of the machine then falls on both sides
 * alike within seconds, where whole rounds of one then the other (the
 * `rounds` figures) can land in different weather: on this 2-vCPU machine
 * PyTorch's own figure for a model moved by up to half between runs.
 */
export class TorchServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterableIterator<string>;

  constructor(setup: TorchSetup, batch: number, threads: number) {
    this.child = spawn(setup.python, [setup.script, '--serve', '--batch', String(batch), '--threads', String(threads)], {
      env: setup.env,
    });
    this.lines = readline.createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** Seconds of each of `steps` PyTorch training steps of `model`, run now. */
  async steps(model: string, steps: number): Promise<number[]> {
    this.child.stdin.write(`${model} ${steps}\n`);
    const line = await this.lines.next();
    if (line.done === true) throw new Error(`torch_bench.py --serve ended: ${this.child.stderr.read()?.toString() ?? ''}`);
    return JSON.parse(line.value) as number[];
  }

  close(): void {
    this.child.stdin.end();
  }
}

export interface Paired {
  /** PyTorch's median step ÷ ours, over every step kept */
  ratio: number;
  /** the same within each block pair, sorted */
  blockRatios: number[];
  oursMedian: number;
  torchMedian: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `blocks` pairs of blocks of `steps` training steps, ours and PyTorch's,
 * which goes first alternating; each block's first step is dropped (the one
 * that meets the other side's threads still spinning).
 */
export async function pairedSteps(
  server: TorchServer,
  model: string,
  ours: (i: number) => void,
  blocks: number,
  steps: number,
): Promise<Paired> {
  const timeOurs = (from: number) =>
    Array.from({ length: steps }, (_, i) => {
      const t = performance.now();
      ours(from + i);
      return (performance.now() - t) / 1000;
    }).slice(1);
  const timeTorch = async () => (await server.steps(model, steps)).slice(1);
  timeOurs(0);
  await timeTorch(); // warm-up: both sides' first steps
  const all = { ours: [] as number[], torch: [] as number[] };
  const blockRatios: number[] = [];
  for (let b = 0; b < blocks; b++) {
    let o: number[], t: number[];
    if (b % 2 === 0) {
      o = timeOurs(b * steps);
      t = await timeTorch();
    } else {
      t = await timeTorch();
      o = timeOurs(b * steps);
    }
    all.ours.push(...o);
    all.torch.push(...t);
    blockRatios.push(median(t) / median(o));
  }
  const oursMedian = median(all.ours);
  const torchMedian = median(all.torch);
  return { ratio: torchMedian / oursMedian, blockRatios: blockRatios.sort((a, b) => a - b), oursMedian, torchMedian };
}
