import type { Config } from '../config/types';
import type { JobResult } from '../train/types';
import type { JobProvenance, ProvenanceGroups } from './provenance';

/** A job as stored: its result and what it was trained with (absent in runs of a ple before provenance). */
export type StoredJob = JobResult & { provenance?: JobProvenance };

/** One simulated world of a run with data seeds: its seed and data file. */
export interface WorldRecord {
  seed: number;
  path: string;
  sha256: string;
  rows: number;
  samples: Record<'train' | 'validation' | 'test', Record<string, number>>;
}

/** What `manifest.json` records about a run. */
export interface Manifest {
  run_id: string;
  config_name: string;
  config_file: string;
  /** package name → version (ple, tfjs, backends, node) */
  versions: Record<string, string>;
  backend: string;
  node: string;
  cpu: { model: string; cores: number };
  data: { path: string; sha256: string; rows: number; metadata: Record<string, string> };
  seeds: number[];
  /** rows in each task (δ = 1) per part of the split; for a sweep, those of its first point */
  samples?: Record<'train' | 'validation' | 'test', Record<string, number>>;
  /** for a sweep: each point's rows per task and part, keyed by the point's key (in a run with data seeds, its first world's); absent in runs of a ple before it was recorded */
  point_samples?: Record<string, Record<'train' | 'validation' | 'test', Record<string, number>>>;
  /** with `training.data_seeds`: each world's data file (`data` is the first world's) */
  worlds?: WorldRecord[];
  /** sub-study key → its overrides, for configs with a sweep */
  sweep_points?: { key: string; overrides: Record<string, unknown> }[];
  started_at: string;
  finished_at?: string;
  /** how the finished run's gains became verdicts, and which noise sources its intervals cover (the summary's `statistics`) */
  statistics?: { correction: string; alpha: number; interval: string; covers: string[]; statement: string };
  wall_s?: number;
  /** model × seed jobs run at once (--jobs) */
  parallel_jobs: number;
  /** every finished job's provenance, grouped (the jobs' own metrics.json hold it too) */
  job_provenance?: ProvenanceGroups;
  /** how the jobs are filed (`JobLayout`); absent in runs of a ple before jobs were keyed by their model's arguments */
  job_layout?: 'model-args';
  /** the shards (`--shard I/N`) that worked in the run, each try once */
  shards?: ShardRecord[];
}

/** One shard's try at a run, in the manifest. */
export interface ShardRecord {
  /** `I/N` */
  shard: string;
  host: string;
  started_at: string;
}

/** One world's test rows as a run keeps them (`test-set.arrow`): ids into the data file, and per task the labels and δ. */
export interface TestSet {
  rows: number;
  ids: Int32Array;
  labels: Record<string, Float32Array>;
  masks: Record<string, Float32Array>;
}

/** A run (or one sweep point of it) as the study and report code read it. */
export interface RunData {
  /** results/<config>/<run id> */
  dir: string;
  config: Config;
  manifest: Manifest;
  /** every finished job, ok or failed, in config model order, then world, then seed order; `test_outputs` only when read with them */
  jobs: StoredJob[];
  /** world (data seed, or data.seed without data_seeds) → its test set, when read with test outputs and the run kept it */
  test_sets?: Map<number, TestSet>;
}
