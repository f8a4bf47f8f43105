import type { JobResult } from '../train/types';
import type { RunData } from '../results/types';
import { findBaseline, jobValues, seedGains, studyTasks, type JobValues } from './gains';
import { describe, excludesZero } from './intervals';
import { classify, directionOf } from './quadrants';
import type { ModelSummary, SeedResult, Stat, StudySummary, StudyTask, TaskGain } from './types';

/**
 * The study of one run: per model (config order, the single-task baseline
 * first) each task's metric over ok seeds, its MTL gain paired by seed with
 * the baseline, and the quadrant. Failed jobs and non-finite metrics are left
 * out of every aggregate and named in the notes.
 */
export function summarize(run: RunData): StudySummary {
  const { config, manifest } = run;
  const tasks = studyTasks(config);
  const baseline = findBaseline(config);
  const byModel = groupJobs(run.jobs);
  const names = config.models.map((m) => m.name);
  const ordered = baseline ? [baseline, ...names.filter((n) => n !== baseline)] : names;
  const archOf = new Map(config.models.map((m) => [m.name, m.arch]));
  for (const name of byModel.keys()) if (!archOf.has(name)) ordered.push(name);

  const baselineValues = new Map<number, JobValues>();
  for (const job of byModel.get(baseline ?? '') ?? []) baselineValues.set(job.seed, jobValues(job, tasks));

  const models = ordered.map((name) =>
    summarizeModel(name, archOf.get(name) ?? byModel.get(name)?.[0]?.arch ?? 'unknown', byModel.get(name) ?? [], tasks, baseline, baselineValues),
  );
  const notes: string[] = [];
  if (!baseline) notes.push('no single_task model in the run: MTL gains cannot be computed, raw metrics only');
  return { run_id: manifest.run_id, config_name: manifest.config_name, tasks, seeds: [...manifest.seeds], baseline, models, notes };
}

function groupJobs(jobs: readonly JobResult[]): Map<string, JobResult[]> {
  const out = new Map<string, JobResult[]>();
  for (const job of jobs) {
    const list = out.get(job.model) ?? [];
    // a re-run job replaces an earlier record of the same model and seed
    const kept = list.filter((j) => j.seed !== job.seed);
    kept.push(job);
    out.set(job.model, kept);
  }
  for (const list of out.values()) list.sort((a, b) => a.seed - b.seed);
  return out;
}

function summarizeModel(
  name: string,
  arch: string,
  jobs: readonly JobResult[],
  tasks: readonly StudyTask[],
  baseline: string | null,
  baselineValues: ReadonlyMap<number, JobValues>,
): ModelSummary {
  const isBaseline = name === baseline;
  const withGains = baseline !== null && !isBaseline;
  const perSeed: SeedResult[] = jobs.map((job) => {
    const values = jobValues(job, tasks);
    const notes = [...values.notes];
    let gains: Record<string, number | null> | null = null;
    if (withGains && job.status === 'ok') {
      const g = seedGains(values, baselineValues.get(job.seed), tasks);
      gains = g.gains;
      notes.push(...g.notes);
    }
    const n: Record<string, number | null> = {};
    for (const t of tasks) n[t.name] = job.metrics[t.name]?.n ?? null;
    return { seed: job.seed, status: job.status, metrics: values.metrics, n, gains, best_epoch: job.best_epoch, wall_s: job.wall_s, notes };
  });

  const metrics: Record<string, Stat> = {};
  const gains: Record<string, TaskGain> = {};
  for (const t of tasks) {
    metrics[t.name] = describe(finite(perSeed.map((s) => s.metrics[t.name])));
    if (withGains) {
      const stat = describe(finite(perSeed.map((s) => s.gains?.[t.name] ?? null)));
      gains[t.name] = { ...stat, direction: directionOf(stat.mean), firm: excludesZero(stat) };
    }
  }
  const notes = perSeed.flatMap((s) => s.notes.map((note) => `seed ${s.seed}: ${note}`));
  if (jobs.length === 0) notes.push('no finished jobs');
  const ok = jobs.filter((j) => j.status === 'ok');
  return {
    model: name,
    arch,
    is_baseline: isBaseline,
    seeds_ok: ok.map((j) => j.seed),
    seeds_failed: jobs.filter((j) => j.status === 'failed').map((j) => j.seed),
    metrics,
    gains: withGains ? gains : null,
    quadrant: withGains ? classify(tasks.map((t) => t.name), gains) : null,
    parameters: ok[0]?.parameters ?? jobs[0]?.parameters ?? null,
    per_seed: perSeed,
    notes,
  };
}

function finite(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v));
}
