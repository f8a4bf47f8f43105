import type { RunData } from '../results/types';
import type { EpochRecord } from '../train/types';

export type CurvePart = 'train' | 'validation';

/** One point of a training curve: a model's mean over seeds at one epoch, in one panel (a task and metric). */
export interface CurveRow {
  model: string;
  /** e.g. "vtr log loss", "vtr AUC", "vcr MSE" */
  panel: string;
  part: CurvePart;
  epoch: number;
  mean: number;
  /** mean ± 1 sd across the seeds (the mean itself with one seed) */
  lo: number;
  hi: number;
  /** the ok seeds that reached this epoch */
  seeds: number;
}

interface PanelValue {
  panel: string;
  part: CurvePart;
  value: (rec: EpochRecord) => number | undefined;
}

/**
 * The curves a task has: for a binary task its log loss (training: the mean
 * over the epoch's batches; validation: after the epoch) and its validation
 * AUC; for a regression task its MSE, training and validation.
 */
function panelsOf(task: { name: string; type: 'binary' | 'regression' }): PanelValue[] {
  const t = task.name;
  const train = (rec: EpochRecord) => rec.train_loss[t];
  if (task.type === 'binary') {
    return [
      { panel: `${t} log loss`, part: 'train', value: train },
      { panel: `${t} log loss`, part: 'validation', value: (rec) => rec.validation?.[t]?.logloss },
      { panel: `${t} AUC`, part: 'validation', value: (rec) => rec.validation?.[t]?.auc },
    ];
  }
  return [
    { panel: `${t} MSE`, part: 'train', value: train },
    { panel: `${t} MSE`, part: 'validation', value: (rec) => rec.validation?.[t]?.mse },
  ];
}

/**
 * The task weight each epoch trained with (`EpochRecord.weights`: ω₀γ^t,
 * or what a balancing method set), a panel per task when some job's
 * weights were not all 1: a run of a method other than fixed, or with
 * weights or decays set.
 */
function weightPanels(run: RunData): PanelValue[] {
  const varies = run.jobs.some((j) => j.history.some((rec) => Object.values(rec.weights).some((w) => w !== 1)));
  if (!varies) return [];
  return run.config.tasks.map((t) => ({ panel: `${t.name} weight`, part: 'train' as const, value: (rec: EpochRecord) => rec.weights[t.name] }));
}

function allPanels(run: RunData): PanelValue[] {
  return [...run.config.tasks.flatMap(panelsOf), ...weightPanels(run)];
}

/** Every panel of the run, in task order, then the task weights: what the curves figure lays out as columns. */
export function curvePanels(run: RunData): string[] {
  return [...new Set(allPanels(run).map((p) => p.panel))];
}

/** Mean and sd over the ok seeds per model, panel, part and epoch; non-finite values are left out. */
export function curveRows(run: RunData): CurveRow[] {
  const panels = allPanels(run);
  const cells = new Map<string, { row: Pick<CurveRow, 'model' | 'panel' | 'part' | 'epoch'>; values: number[] }>();
  for (const job of run.jobs) {
    if (job.status !== 'ok') continue;
    for (const rec of job.history) {
      for (const p of panels) {
        const v = p.value(rec);
        if (v === undefined || !Number.isFinite(v)) continue;
        const key = `${job.model}\u0000${p.panel}\u0000${p.part}\u0000${rec.epoch}`;
        const cell = cells.get(key) ?? { row: { model: job.model, panel: p.panel, part: p.part, epoch: rec.epoch }, values: [] };
        cell.values.push(v);
        cells.set(key, cell);
      }
    }
  }
  return [...cells.values()].map(({ row, values }) => {
    const n = values.length;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
    return { ...row, mean, lo: mean - sd, hi: mean + sd, seeds: n };
  });
}
