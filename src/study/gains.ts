import type { Config } from '../config/types';
import { BASELINE_ARCH } from '../models';
import type { JobResult } from '../train/types';
import type { MetricName, StudyTask } from './types';

/** The metric each task type is scored by: binary → AUC, regression → MSE. */
export function metricFor(type: 'binary' | 'regression'): MetricName {
  return type === 'binary' ? 'auc' : 'mse';
}

export function studyTasks(config: Config): StudyTask[] {
  return config.tasks.map((t) => {
    const metric = metricFor(t.type);
    return { name: t.name, type: t.type, metric, better: metric === 'auc' ? 'higher' : 'lower', weight: t.weight, gamma: t.gamma };
  });
}

/** The first model (in config order) whose arch is single_task; null when the run has none. */
export function findBaseline(config: Config): string | null {
  return config.models.find((m) => m.arch === BASELINE_ARCH)?.name ?? null;
}

/**
 * MTL gain of one task for one seed, signed so that positive is better:
 * AUC: model − single; MSE: single − model.
 */
export function gain(metric: MetricName, model: number, single: number): number {
  const raw = metric === 'auc' ? model - single : single - model;
  // Differences below 1e-12 are floating-point residue (metrics come from
  // float32 predictions): round them away so an unchanged metric is a gain of
  // exactly 0 (on an axis) rather than ±1e-17 (a quadrant by accident).
  return Math.round(raw * 1e12) / 1e12 || 0;
}

/** A job's metric per task, null where it cannot be used, with the reason. */
export interface JobValues {
  metrics: Record<string, number | null>;
  notes: string[];
}

/**
 * The task metrics of a job that the aggregates may use. A failed job gives
 * none; an ok job whose metric is missing or not finite (a diverged model)
 * gives none for that task. Either way the reason is kept for the report.
 */
export function jobValues(job: JobResult, tasks: readonly StudyTask[]): JobValues {
  const metrics: Record<string, number | null> = {};
  const notes: string[] = [];
  if (job.status === 'failed') {
    const where = job.failure ? ` at epoch ${job.failure.epoch}, step ${job.failure.step}` : '';
    notes.push(`failed${where}: ${job.failure?.message ?? 'no message'}`);
    for (const t of tasks) metrics[t.name] = null;
    return { metrics, notes };
  }
  for (const t of tasks) {
    const value = job.metrics[t.name]?.[t.metric];
    if (typeof value === 'number' && Number.isFinite(value)) metrics[t.name] = value;
    else {
      metrics[t.name] = null;
      notes.push(`${t.name}: ${t.metric} ${value === undefined ? 'missing' : String(value)}, excluded`);
    }
  }
  return { metrics, notes };
}

/**
 * Per-task gains of one seed against the baseline job of the same seed; null
 * for a task where either side has no usable metric.
 */
export function seedGains(
  model: JobValues,
  baseline: JobValues | undefined,
  tasks: readonly StudyTask[],
): { gains: Record<string, number | null>; notes: string[] } {
  const gains: Record<string, number | null> = {};
  const notes: string[] = [];
  for (const t of tasks) {
    const m = model.metrics[t.name];
    const s = baseline?.metrics[t.name];
    gains[t.name] = m === null || s === null || s === undefined ? null : gain(t.metric, m, s);
    if (m !== null && (s === null || s === undefined)) notes.push(`${t.name}: no usable single-task result for this seed, no gain`);
  }
  return { gains, notes };
}
