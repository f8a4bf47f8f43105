import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from '../results/types';

export interface ExpertRow {
  panel: string;
  gate: string;
  expert: string;
  weight: number;
}

/** Mean gate weight per model, level, gate and expert over the ok seeds that report gates. */
export function expertRows(run: RunData): ExpertRow[] {
  const sums = new Map<string, ExpertRow & { n: number }>();
  for (const job of run.jobs) {
    if (job.status !== 'ok' || !job.gates) continue;
    for (const g of job.gates) {
      g.experts.forEach((expert, i) => {
        const w = g.mean[i];
        if (!Number.isFinite(w)) return;
        const panel = `${job.model} · level ${g.level}`;
        const key = `${panel}\u0000${g.gate}\u0000${expert}`;
        const cell = sums.get(key) ?? { panel, gate: g.gate, expert, weight: 0, n: 0 };
        cell.weight += w;
        cell.n++;
        sums.set(key, cell);
      });
    }
  }
  return [...sums.values()].map(({ n, ...row }) => ({ ...row, weight: row.weight / n }));
}

/**
 * Expert utilisation (the paper's Figure 8): per panel (model and level), the
 * mean weight each gate gives each expert, as grouped bars. Null when no job
 * reports gates.
 */
export function expertsSpec(run: RunData): TopLevelSpec | null {
  const values = expertRows(run);
  if (values.length === 0) return null;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'Expert utilisation', subtitle: 'mean gate weight per expert on the test day, mean over ok seeds' },
    background: 'white',
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: [...new Set(values.map((v) => v.panel))] },
    columns: 2,
    spec: {
      width: { step: 14 },
      height: 180,
      mark: 'bar',
      encoding: {
        x: { field: 'expert', type: 'nominal', title: 'expert', axis: { labelAngle: -40 } },
        xOffset: { field: 'gate', type: 'nominal' },
        y: { field: 'weight', type: 'quantitative', title: 'mean gate weight', scale: { domain: [0, 1] } },
        color: { field: 'gate', type: 'nominal', title: 'gate', sort: run.config.tasks.map((t) => t.name) },
        tooltip: [{ field: 'gate' }, { field: 'expert' }, { field: 'weight', format: '.3f' }],
      },
    },
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
}
