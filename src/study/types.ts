import type { Correction } from './correction';
import type { NoiseSource } from './estimate';

/**
 * The study summary: what `summary.json` holds, what `ple compare --json`
 * prints and what the report renders. Plain JSON (numbers, strings, nulls),
 * so a missing value is `null`, never NaN.
 */

export type MetricName = 'auc' | 'mse';

/** A task as the study scores it. */
export interface StudyTask {
  name: string;
  type: 'binary' | 'regression';
  /** binary → auc (higher is better), regression → mse (lower is better) */
  metric: MetricName;
  better: 'higher' | 'lower';
  /** loss weight ω₀ and per-epoch decay γ the run used */
  weight: number;
  gamma: number;
}

/** Mean, sample sd and Student-t 95% interval of values across seeds. */
export interface Stat {
  /** number of values (seeds) the statistic is over */
  n: number;
  mean: number | null;
  /** sample sd (n − 1); null with fewer than 2 values */
  sd: number | null;
  /** t_{0.975, n−1} · sd / √n; null with fewer than 2 values */
  half_width: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

export type Direction = 'up' | 'down' | 'flat';

/**
 * The MTL gain of one task of one model, paired by (world, seed) with the
 * single-task model. `n`, `mean` and `sd` are over those pairs; the
 * interval (`half_width`, `ci_low`, `ci_high`), `se`, `df` and `p` are the
 * ones in force, which cover the noise sources in `covers`.
 */
export interface TaskGain extends Stat {
  direction: Direction | null;
  /** standard error of the mean gain; null without an interval (fewer than two seeds) */
  se?: number | null;
  /** degrees of freedom of the t reference */
  df?: number | null;
  /** two-sided p of "no gain" */
  p?: number | null;
  /** p adjusted over the family (`statistics.correction`) */
  p_adjusted?: number | null;
  /** gains in the family the adjustment is over */
  family_size?: number;
  /** the noise sources the interval and p cover */
  covers?: NoiseSource[];
  /** the model-seed interval and p, kept beside the one in force when that one covers more */
  seeds_only?: { half_width: number; p: number } | null;
  /** firm: p_adjusted < alpha */
  firm: boolean;
}

/** How the run's gains became verdicts: what "firm" means here. */
export interface StudyStatistics {
  correction: Correction;
  alpha: number;
  /** of every interval: 1 − alpha, two-sided, per gain (not simultaneous) */
  confidence: number;
  /** the intervals the config asked for */
  interval: 'seeds' | 'seeds+test';
  /** the noise sources every gain's interval covers (a gain that could cover less says so in its notes) */
  covers: NoiseSource[];
  /** bootstrap resamples of the test rows, when the test set's variance was estimated */
  resamples: number | null;
  /** non-baseline model × task gains with a p-value: the family of the correction */
  family_size: number;
  /** the simulated worlds (data seeds) the gains are over */
  worlds: number[];
  /** what "firm" covers and what it does not, in one sentence */
  statement: string;
}

export type TransferKind = 'positive transfer' | 'seesaw' | 'negative transfer' | 'no change' | 'unknown';

/** Where a model's gains put it (the paper's Figure 3). */
export interface Quadrant {
  /** 1..4 with exactly two tasks and both gains non-zero; null otherwise */
  quadrant: 1 | 2 | 3 | 4 | null;
  kind: TransferKind;
  /** tasks whose mean gain is negative (the losers of a seesaw) */
  lost: string[];
  /** tasks whose mean gain is exactly 0 */
  flat: string[];
  /** every task's interval excludes 0 */
  firm: boolean;
  /** 'firm', 'within noise', or 'single seed' (no interval to judge) */
  certainty: 'firm' | 'within noise' | 'single seed';
  counts: { up: number; down: number; flat: number; firm_up: number; firm_down: number };
  /** e.g. "Q4 seesaw (vcr lost)" */
  label: string;
}

/** One job as the per-seed table shows it. */
export interface SeedResult {
  seed: number;
  /** the world, in a run with data seeds */
  data_seed?: number;
  status: 'ok' | 'failed';
  /** the task's metric (auc or mse); null when failed or not finite */
  metrics: Record<string, number | null>;
  /** test-day rows per task */
  n: Record<string, number | null>;
  /** MTL gain for this seed; null without a usable single-task job of the seed */
  gains: Record<string, number | null> | null;
  best_epoch: number;
  wall_s: number;
  /** why a value is missing (failure message, non-finite metric, failed baseline) */
  notes: string[];
}

export interface ModelSummary {
  model: string;
  arch: string;
  /** the single-task model every gain is measured against */
  is_baseline: boolean;
  seeds_ok: number[];
  seeds_failed: number[];
  /** per task: the metric over ok seeds with a finite value */
  metrics: Record<string, Stat>;
  /** per task: the gain over seeds where both this model and the baseline are usable; null without a baseline or for the baseline itself */
  gains: Record<string, TaskGain> | null;
  quadrant: Quadrant | null;
  parameters: number | null;
  /** multiply-adds ×2 of one sample's forward pass (matrix products and mixtures) */
  flops_per_sample?: number | null;
  per_seed: SeedResult[];
  notes: string[];
}

export interface StudySummary {
  run_id: string;
  config_name: string;
  tasks: StudyTask[];
  seeds: number[];
  /** name of the single-task model, null when the run has none */
  baseline: string | null;
  /** config order, the baseline first */
  models: ModelSummary[];
  /** absent in summaries written before verdicts were corrected */
  statistics?: StudyStatistics;
  notes: string[];
}
