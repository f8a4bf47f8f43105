import { studySettings } from '../config/study-settings';
import { UserError } from '../errors';
import type { StudyConfig } from '../config/types';
import { worldSeeds } from '../config/worlds';
import type { JobResult } from '../train/types';
import type { RunData } from '../results/types';
import { findBaseline, jobValues, seedGains, studyTasks, type JobValues } from './gains';
import { describe } from './intervals';
import { classify } from './quadrants';
import { runTestVariances, type PairsByModel } from './test-noise-inputs';
import type { ModelSummary, SeedResult, Stat, StudyStatistics, StudySummary, StudyTask, TaskGain } from './types';
import { correctFamily, estimateGain, gainStat, statement, type GainPair } from './verdicts';

/**
 * The study of one run: per model (config order, the single-task baseline
 * first) each task's metric over ok jobs, its MTL gain paired by (world,
 * seed) with the baseline, the gain's interval and p, the p adjusted over
 * the run's family of gains, and the quadrant, firm only where every
 * task's adjusted p is below alpha. Failed jobs and non-finite metrics are
 * left out of every aggregate and named in the notes. `options` replace
 * the run's own statistics settings (`ple compare --correction bh`), and
 * `against` measures every gain against another model of the run than the
 * single-task one (`ple compare --against mmoe`: which scheme beats which).
 */
export function summarize(run: RunData, options: SummaryOptions = {}): StudySummary {
  const { config, manifest } = run;
  const { against, ...overrides } = options;
  const settings = studySettings(config, overrides);
  const tasks = studyTasks(config);
  const baseline = against ?? findBaseline(config);
  if (against !== undefined && !config.models.some((m) => m.name === against)) {
    throw new UserError(`--against: "${against}" is not a model of ${manifest.config_name}/${manifest.run_id} (models: ${config.models.map((m) => m.name).join(', ')})`);
  }
  const byModel = groupJobs(run.jobs, config.data.seed);
  const names = config.models.map((m) => m.name);
  const ordered = baseline ? [baseline, ...names.filter((n) => n !== baseline)] : names;
  const archOf = new Map(config.models.map((m) => [m.name, m.arch]));
  for (const name of byModel.keys()) if (!archOf.has(name)) ordered.push(name);

  const baselineValues = new Map<string, JobValues>();
  for (const job of byModel.get(baseline ?? '') ?? []) baselineValues.set(jobKey(job, config.data.seed), jobValues(job, tasks));

  const perSeed = new Map(ordered.map((name) => [name, seedResults(byModel.get(name) ?? [], tasks, baseline !== null && name !== baseline, baselineValues, config.data.seed)]));
  const pairs: PairsByModel = new Map(
    ordered.filter((name) => baseline !== null && name !== baseline).map((name) => [name, pairsOf(perSeed.get(name)!, tasks, config.data.seed)]),
  );
  const notes: string[] = [];
  const wantsTest = settings.interval === 'seeds+test' && baseline !== null;
  const test = wantsTest ? runTestVariances(run, tasks, baseline, pairs, settings) : undefined;
  if (test) notes.push(...test.notes);

  const models = ordered.map((name) => {
    const gains = pairs.has(name) ? gainsOf(pairs.get(name)!, tasks, test?.variances.get(name), 1 - settings.alpha) : null;
    return summarizeModel(name, archOf.get(name) ?? byModel.get(name)?.[0]?.arch ?? 'unknown', byModel.get(name) ?? [], perSeed.get(name)!, tasks, name === baseline, gains);
  });
  const family = models.flatMap((m) => (m.gains ? tasks.map((t) => m.gains![t.name]) : []));
  const familySize = correctFamily(family, settings.correction, settings.alpha);
  for (const m of models) if (m.gains) m.quadrant = classify(tasks.map((t) => t.name), m.gains);

  const statistics = statisticsOf(settings, family, familySize, worldSeeds(config), config.data.source !== 'file', test !== undefined);
  if (!baseline) notes.unshift('no single_task model in the run: MTL gains cannot be computed, raw metrics only');
  else if (wantsTest && !test && worldSeeds(config).length === 1) notes.push('the run kept no test set, so the intervals cover model seeds only');
  return { run_id: manifest.run_id, config_name: manifest.config_name, tasks, seeds: [...manifest.seeds], baseline, models, statistics, notes };
}

/** Statistics settings that replace the run's own, and the model gains are measured against. */
export type SummaryOptions = Partial<StudyConfig> & { against?: string };

/** Jobs by model, in (world, seed) order; a re-run job replaces an earlier record of the same model, world and seed. */
function groupJobs(jobs: readonly JobResult[], defaultWorld: number): Map<string, JobResult[]> {
  const out = new Map<string, JobResult[]>();
  for (const job of jobs) {
    const list = (out.get(job.model) ?? []).filter((j) => jobKey(j, defaultWorld) !== jobKey(job, defaultWorld));
    list.push(job);
    out.set(job.model, list);
  }
  for (const list of out.values()) list.sort((a, b) => (a.data_seed ?? defaultWorld) - (b.data_seed ?? defaultWorld) || a.seed - b.seed);
  return out;
}

function jobKey(job: JobResult, defaultWorld: number): string {
  return `${job.data_seed ?? defaultWorld}/${job.seed}`;
}

function seedResults(jobs: readonly JobResult[], tasks: readonly StudyTask[], withGains: boolean, baselineValues: ReadonlyMap<string, JobValues>, defaultWorld: number): SeedResult[] {
  return jobs.map((job) => {
    const values = jobValues(job, tasks);
    const notes = [...values.notes];
    let gains: Record<string, number | null> | null = null;
    if (withGains && job.status === 'ok') {
      const g = seedGains(values, baselineValues.get(jobKey(job, defaultWorld)), tasks);
      gains = g.gains;
      notes.push(...g.notes);
    }
    const n: Record<string, number | null> = {};
    for (const t of tasks) n[t.name] = job.metrics[t.name]?.n ?? null;
    const world = job.data_seed === undefined ? {} : { data_seed: job.data_seed };
    return { seed: job.seed, ...world, status: job.status, metrics: values.metrics, n, gains, best_epoch: job.best_epoch, wall_s: job.wall_s, notes };
  });
}

function pairsOf(results: readonly SeedResult[], tasks: readonly StudyTask[], defaultWorld: number): Record<string, GainPair[]> {
  const out: Record<string, GainPair[]> = {};
  for (const t of tasks) {
    out[t.name] = results.flatMap((s) => {
      const gain = s.gains?.[t.name];
      return gain === null || gain === undefined || !Number.isFinite(gain) ? [] : [{ world: s.data_seed ?? defaultWorld, seed: s.seed, gain }];
    });
  }
  return out;
}

function gainsOf(pairs: Record<string, GainPair[]>, tasks: readonly StudyTask[], variances: Record<string, number | null> | undefined, confidence: number): Record<string, TaskGain> {
  const out: Record<string, TaskGain> = {};
  for (const t of tasks) {
    const { estimate, seedsOnly } = estimateGain(pairs[t.name], variances?.[t.name] ?? null);
    out[t.name] = gainStat(pairs[t.name], estimate, seedsOnly, confidence);
  }
  return out;
}

function summarizeModel(
  name: string,
  arch: string,
  jobs: readonly JobResult[],
  perSeed: SeedResult[],
  tasks: readonly StudyTask[],
  isBaseline: boolean,
  gains: Record<string, TaskGain> | null,
): ModelSummary {
  const metrics: Record<string, Stat> = {};
  for (const t of tasks) metrics[t.name] = describe(finite(perSeed.map((s) => s.metrics[t.name])));
  const notes = perSeed.flatMap((s) => s.notes.map((note) => `${s.data_seed === undefined ? '' : `world ${s.data_seed} `}seed ${s.seed}: ${note}`));
  if (jobs.length === 0) notes.push('no finished jobs');
  const ok = jobs.filter((j) => j.status === 'ok');
  const first = ok[0] ?? jobs[0];
  return {
    model: name,
    arch,
    is_baseline: isBaseline,
    seeds_ok: [...new Set(ok.map((j) => j.seed))],
    seeds_failed: [...new Set(jobs.filter((j) => j.status === 'failed').map((j) => j.seed))],
    metrics,
    gains,
    quadrant: null,
    parameters: first?.parameters ?? null,
    flops_per_sample: first?.flops_per_sample ?? null,
    per_seed: perSeed,
    notes,
  };
}

function statisticsOf(settings: StudyConfig, family: readonly TaskGain[], familySize: number, worlds: number[], generated: boolean, bootstrapped: boolean): StudyStatistics {
  // what every gain's interval covers: the sources common to all of them
  const withInterval = family.filter((g) => g.covers && g.covers.length > 0);
  const covers = withInterval.length === 0 ? [] : withInterval[0].covers!.filter((c) => withInterval.every((g) => g.covers!.includes(c)));
  return {
    correction: settings.correction,
    alpha: settings.alpha,
    confidence: 1 - settings.alpha,
    interval: settings.interval,
    covers,
    resamples: bootstrapped ? settings.resamples : null,
    family_size: familySize,
    worlds,
    statement: statement({ correction: settings.correction, alpha: settings.alpha, familySize, covers, generated }),
  };
}

function finite(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v));
}
