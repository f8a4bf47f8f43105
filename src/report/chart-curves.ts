import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from '../results/types';

/** Mean training loss per model, task and epoch over the ok seeds that reached that epoch. */
export function meanCurves(run: RunData): { model: string; task: string; epoch: number; loss: number; seeds: number }[] {
  const sums = new Map<string, { model: string; task: string; epoch: number; sum: number; n: number }>();
  for (const job of run.jobs) {
    if (job.status !== 'ok') continue;
    for (const rec of job.history) {
      for (const [task, loss] of Object.entries(rec.train_loss)) {
        if (!Number.isFinite(loss)) continue;
        const key = `${job.model}\u0000${task}\u0000${rec.epoch}`;
        const cell = sums.get(key) ?? { model: job.model, task, epoch: rec.epoch, sum: 0, n: 0 };
        cell.sum += loss;
        cell.n++;
        sums.set(key, cell);
      }
    }
  }
  return [...sums.values()].map((c) => ({ model: c.model, task: c.task, epoch: c.epoch, loss: c.sum / c.n, seeds: c.n }));
}

/** Training loss L_k per epoch, one line per model (mean over seeds), one panel per task. Null without history. */
export function curvesSpec(run: RunData): TopLevelSpec | null {
  const values = meanCurves(run);
  if (values.length === 0) return null;
  const models = run.config.models.map((m) => m.name);
  const tasks = run.config.tasks.map((t) => t.name);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'Training loss per task', subtitle: 'mean over ok seeds; epochs are 0-based' },
    background: 'white',
    data: { values },
    facet: { column: { field: 'task', type: 'nominal', sort: tasks, title: null } },
    spec: {
      width: 300,
      height: 220,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' }, title: 'epoch' },
        y: { field: 'loss', type: 'quantitative', scale: { zero: false }, title: 'train loss' },
        color: { field: 'model', type: 'nominal', sort: models, title: 'model' },
        tooltip: [{ field: 'model' }, { field: 'epoch' }, { field: 'loss', format: '.4f' }, { field: 'seeds' }],
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}
