import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Table from 'cli-table3';
import { syntheticParamsSchema, videoParamsSchema } from '../src/config/schema';
import { readArrow, writeArrow } from '../src/data/arrow';
import { checkValues, columnNeeds } from '../src/data/check';
import { generateSynthetic } from '../src/data/mmoe-synthetic';
import type { Dataset } from '../src/data/types';
import { generateVideo } from '../src/data/video';
import { videoRoles } from '../src/data/video-columns';

/**
 * Data throughput: generating 1M video impressions (21 columns), writing and
 * loading them as Arrow, and the MMoE synthetic generator. Each phase runs in
 * its own child process so its peak RSS (maxRSS) is its own.
 * Run: npm run bench:data
 */

const VIDEO = videoParamsSchema.parse({ users: 20000, videos: 5000, new_videos_per_day: 300, impressions_per_day: 125000, days: 8 });
const SYNTHETIC = syntheticParamsSchema.parse({ samples: 100000, dim: 512 });

interface PhaseResult {
  phase: string;
  rows: number;
  columns: number;
  seconds: number;
  /** CPU seconds (user + system) of the same span: steadier than wall time on a busy machine */
  cpuSeconds: number;
  /** bytes of column data */
  bytes: number;
  /** resident memory before the phase and at its peak, bytes */
  rssBefore: number;
  maxRss: number;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
let cpuStart = process.cpuUsage();
const cpuSeconds = () => {
  const used = process.cpuUsage(cpuStart);
  return (used.user + used.system) / 1e6;
};
const columnBytes = (ds: Dataset) => Object.values(ds.columns).reduce((s, c) => s + c.byteLength, 0);

async function phase(name: string, file: string): Promise<PhaseResult> {
  const rssBefore = process.memoryUsage().rss;
  let ds: Dataset;
  let start = process.hrtime.bigint();
  let elapsed: number;
  let cpu = 0;
  cpuStart = process.cpuUsage();
  if (name === 'generate video') {
    ds = generateVideo(VIDEO, 1);
    elapsed = seconds(start);
    cpu = cpuSeconds();
    await writeArrow(file, ds);
  } else if (name === 'write video arrow') {
    ds = generateVideo(VIDEO, 1);
    start = process.hrtime.bigint();
    cpuStart = process.cpuUsage();
    await writeArrow(file, ds);
    elapsed = seconds(start);
    cpu = cpuSeconds();
  } else if (name === 'load video arrow') {
    ds = readArrow(file);
    elapsed = seconds(start);
    cpu = cpuSeconds();
  } else if (name === 'load + check video') {
    ds = readArrow(file);
    const roles = videoRoles(VIDEO);
    const needs = columnNeeds({
      features: { categorical: roles.categorical.map((c) => ({ ...c, dim: 1 })), numeric: roles.numeric.map((name) => ({ name, transform: 'none' as const })) },
      tasks: [...roles.binary, ...roles.regression].map((label) => ({
        name: label, type: roles.binary.includes(label) ? 'binary' : 'regression', label, weight: 1, gamma: 1, sigmoid_output: label === 'vcr',
      })),
      split: { train_days: [1], test_days: [VIDEO.days] },
    });
    for (const need of needs) checkValues(ds.columns[need.name], need, (i) => ({ row: i + 1 }));
    elapsed = seconds(start);
    cpu = cpuSeconds();
  } else if (name === 'generate synthetic d=512') {
    ds = generateSynthetic(SYNTHETIC, 1);
    elapsed = seconds(start);
    cpu = cpuSeconds();
  } else {
    throw new Error(`unknown phase ${name}`);
  }
  return {
    phase: name,
    rows: ds.rows,
    columns: Object.keys(ds.columns).length,
    seconds: elapsed,
    cpuSeconds: cpu,
    bytes: columnBytes(ds),
    rssBefore,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
}

async function main(): Promise<void> {
  const [, , flag, name, target] = process.argv;
  if (flag === '--phase') {
    process.stdout.write(JSON.stringify(await phase(name, target)));
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ple-bench-data-'));
  const file = path.join(dir, 'video.arrow');
  const phases = ['generate video', 'write video arrow', 'load video arrow', 'load + check video', 'generate synthetic d=512'];
  const results: PhaseResult[] = [];
  try {
    for (const p of phases) {
      const out = execFileSync(process.execPath, [__filename, '--phase', p, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      results.push(JSON.parse(out) as PhaseResult);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
  const head = ['phase', 'rows', 'cols', 'wall s', 'CPU s', 'rows/s (CPU)', 'column MB', 'RSS before MB', 'peak RSS MB'];
  const table = new Table({ style: { head: [], border: [] }, head });
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  for (const r of results) {
    const times = [r.seconds.toFixed(3), r.cpuSeconds.toFixed(3), count(r.rows / r.cpuSeconds)];
    table.push([r.phase, count(r.rows), r.columns, ...times, mb(r.bytes), mb(r.rssBefore), mb(r.maxRss)]);
  }
  console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})`);
  console.log(table.toString());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
