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
  /** PyTorch's median step (on its faster thread count) ÷ ours, over every step kept */
  ratio: number;
  /** the same within each round of blocks, sorted */
  blockRatios: number[];
  oursMedian: number;
  torchMedian: number;
  /** the thread count of PyTorch's faster median */
  torchThreads: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `blocks` rounds of a block of `steps` training steps each of ours and of
 * every server's (PyTorch on 1 thread, on all cores), in an order that
 * rotates from round to round; each block's first step is dropped (the one
 * that meets the other side's threads still spinning). PyTorch's figure is
 * its better thread count's, as in the rounds.
 */
export async function pairedSteps(
  servers: { threads: number; server: TorchServer }[],
  model: string,
  ours: (i: number) => void,
  blocks: number,
  steps: number,
): Promise<Paired> {
  let from = 0;
  const timeOurs = async () =>
    Array.from({ length: steps }, () => {
      const t = performance.now();
      ours(from++);
      return (performance.now() - t) / 1000;
    }).slice(1);
  const sides = [timeOurs, ...servers.map(({ server }) => async () => (await server.steps(model, steps)).slice(1))];
  for (const side of sides) await side(); // warm-up: every side's first steps
  const times = sides.map(() => [] as number[][]);
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < sides.length; i++) {
      const k = (b + i) % sides.length;
      times[k].push(await sides[k]());
    }
  }
  const medians = times.map((blocksOf) => median(blocksOf.flat()));
  const best = 1 + medians.slice(1).indexOf(Math.min(...medians.slice(1)));
  const blockRatios = times[0].map((o, b) => median(times[best][b]) / median(o)).sort((x, y) => x - y);
  return {
    ratio: medians[best] / medians[0],
    blockRatios,
    oursMedian: medians[0],
    torchMedian: medians[best],
    torchThreads: servers[best - 1].threads,
  };
}
