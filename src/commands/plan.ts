import { planJobs, type PlannedJob } from '../run/plan';
import type { RunOverrides } from './run-overrides';
import { loadStudyRequest } from './study-request';

export interface PlanOptions extends RunOverrides {
  config: string;
  cwd: string;
  /** with `shards`: how many the plan is split into, for each job's shard */
  shards?: number;
}

export interface Plan {
  config_name: string;
  config_file: string;
  /** the shard count asked for, when one was */
  shards?: number;
  jobs: (PlannedJob & { shard?: number })[];
}

/**
 * `ple plan`: the study's job list as `ple run` of the same config and flags
 * would number it, and `--shard I/N` split it (index mod N). It reads the
 * config alone: the same config and flags always give the same list.
 */
export async function plan(options: PlanOptions): Promise<Plan> {
  const study = await loadStudyRequest(options.config, options.cwd, options);
  const points = study.sweepPoints.map((p, i) => ({ key: p.key, request: study.requests[i] }));
  const jobs = planJobs(points, Boolean(study.config.sweep));
  const n = options.shards;
  return {
    config_name: study.config.name,
    config_file: study.file,
    ...(n ? { shards: n } : {}),
    jobs: n ? jobs.map((j) => ({ ...j, shard: j.index % n })) : jobs,
  };
}
