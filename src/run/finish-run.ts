import * as path from 'node:path';
import { acquireLock } from '../fs/lock';
import { writeSharedManifest } from '../results/manifest-merge';
import { groupProvenance, type JobProvenance } from '../results/provenance';
import type { StudySummary } from '../study/types';
import { runContents, type RunJob } from './run-jobs';
import { summarizeAll, writeSummary } from './summaries';

export type FinishOutcome =
  | { status: 'complete'; summaries: { key: string; summary: StudySummary }[] }
  /** jobs not finished (missing or damaged), or finished jobs that may not be paired */
  | { status: 'incomplete'; missing: RunJob[]; total: number }
  | { status: 'mixed'; differences: string[] };

/**
 * What a run's jobs were trained on that must be the same for all of them to
 * be paired: the data of each world, the backend and the ple version. One
 * line per field that differs, naming a job of each value.
 */
export function mixedProvenance(jobs: readonly RunJob[]): string[] {
  const fields: { name: string; value: (p: JobProvenance) => string; scope: (j: RunJob) => string }[] = [
    { name: 'data file (sha256)', value: (p) => p.data_sha256, scope: (j) => `${j.point}|${j.data_seed ?? ''}` },
    { name: 'backend', value: (p) => p.backend, scope: () => '' },
    { name: 'ple version', value: (p) => p.ple_version, scope: () => '' },
  ];
  const lines: string[] = [];
  for (const field of fields) {
    const seen = new Map<string, Map<string, string>>();
    for (const job of jobs) {
      if (!job.provenance) continue;
      const values = seen.get(field.scope(job)) ?? new Map<string, string>();
      seen.set(field.scope(job), values);
      const value = field.value(job.provenance);
      if (!values.has(value)) values.set(value, job.label);
    }
    for (const values of seen.values()) {
      if (values.size > 1) lines.push(`${field.name}: ${[...values].map(([v, job]) => `"${v.length > 40 ? `${v.slice(0, 12)}…` : v}" (${job})`).join(' vs ')}`);
    }
  }
  return lines;
}

/**
 * Writes a run's summary once every job its config lists has finished —
 * what the last shard to finish does, and `ple merge RUN`. Under
 * `merge.lock`, so shards finishing together write it in turn (the same
 * file each time). The manifest is completed: every job's provenance, when
 * it finished, and how its verdicts were decided.
 */
export async function finishRun(runDir: string): Promise<FinishOutcome> {
  await using _lock = await acquireLock(path.join(runDir, 'merge.lock'), { what: `${runDir} (writing its summary)`, wait: true });
  const { manifest, points, jobs } = await runContents(runDir);
  const missing = jobs.filter((j) => j.state === 'missing' || j.state === 'damaged');
  if (missing.length > 0) return { status: 'incomplete', missing, total: jobs.length };
  const differences = mixedProvenance(jobs);
  if (differences.length > 0) return { status: 'mixed', differences };
  const summaries = await summarizeAll(points, runDir);
  const statistics = summaries[0]?.summary.statistics;
  const now = new Date();
  const provenance = new Map(jobs.flatMap((j) => (j.provenance ? [[j.label, j.provenance] as const] : [])));
  await writeSharedManifest(runDir, {
    ...manifest,
    finished_at: now.toISOString(),
    wall_s: (now.getTime() - Date.parse(manifest.started_at)) / 1000,
    job_provenance: groupProvenance(provenance),
    ...(statistics ? { statistics } : {}),
  });
  await writeSummary(runDir, manifest.sweep_points !== undefined, summaries);
  return { status: 'complete', summaries };
}
