import * as os from 'node:os';
import * as path from 'node:path';
import type { Config } from '../config/types';
import { packageRoot } from '../package-root';
import type { SweepPoint } from '../config/sweep';
import { JOB_LAYOUT } from '../results/layout';
import type { Manifest, WorldRecord } from '../results/types';
import { taskSamples, type PreparedData } from './prepare-data';

/** Versions of the packages a result depends on; a missing optional one is left out. */
export function packageVersions(): Record<string, string> {
  const names = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node', 'apache-arrow'];
  const versions: Record<string, string> = {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  versions.ple = (require(path.join(packageRoot(), 'package.json')) as { version: string }).version;
  for (const name of names) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      versions[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      // not installed (tfjs-node is optional)
    }
  }
  return versions;
}

/** A world's entry in the manifest. */
export function worldRecord(seed: number, cwd: string, data: PreparedData, tasks: readonly string[]): WorldRecord {
  return { seed, path: path.relative(cwd, data.path) || data.path, sha256: data.sha256, rows: data.dataset.rows, samples: taskSamples(data.split, tasks) };
}

/** The manifest's worlds with `record` added or replacing the entry of its seed, in seed order. */
export function withWorld(worlds: readonly WorldRecord[] | undefined, record: WorldRecord): WorldRecord[] {
  return [...(worlds ?? []).filter((w) => w.seed !== record.seed), record].sort((a, b) => a.seed - b.seed);
}

/** The manifest with a sweep point's rows per task recorded, unless an earlier world of the point recorded them. */
export function withPointSamples(manifest: Manifest, key: string, data: PreparedData, tasks: readonly string[]): Manifest {
  if (manifest.point_samples?.[key]) return manifest;
  return { ...manifest, point_samples: { ...manifest.point_samples, [key]: taskSamples(data.split, tasks) } };
}

export async function buildManifest(args: {
  runDir: string;
  cwd: string;
  config: Config;
  configFile: string;
  backend: string;
  data: PreparedData;
  jobs: number;
  startedAt: Date;
  points?: SweepPoint[];
}): Promise<Manifest> {
  const cpus = os.cpus();
  return {
    run_id: path.basename(args.runDir),
    config_name: args.config.name,
    config_file: args.configFile,
    versions: packageVersions(),
    backend: args.backend,
    node: process.version,
    cpu: { model: cpus[0]?.model ?? 'unknown', cores: cpus.length },
    data: { path: path.relative(args.cwd, args.data.path) || args.data.path, sha256: args.data.sha256, rows: args.data.dataset.rows, metadata: { ...args.data.dataset.metadata } },
    samples: taskSamples(args.data.split, args.config.tasks.map((t) => t.name)),
    seeds: args.config.training.seeds,
    ...(args.points ? { sweep_points: args.points } : {}),
    started_at: args.startedAt.toISOString(),
    parallel_jobs: args.jobs,
    job_layout: JOB_LAYOUT,
  };
}
