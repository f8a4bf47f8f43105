import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from '../results/types';

export interface ExpertRow {
  /** model and level, e.g. "ple · level 0" */
  panel: string;
  model: string;
  level: number;
  /** the task (or "shared") whose gate it is */
  gate: string;
  expert: string;
  /** mean over the ok seeds that report this gate */
  weight: number;
  /** sample sd over those seeds; null with one seed */
  sd: number | null;
  /** weight ± sd, clipped to [0, 1], for the error bars */
  lo: number;
  hi: number;
  seeds: number;
}

/** Mean and sd of the gate weight per model, level, gate and expert over the ok seeds that report gates. */
export function expertRows(run: RunData): ExpertRow[] {
  const cells = new Map<string, { row: Omit<ExpertRow, 'weight' | 'sd' | 'lo' | 'hi' | 'seeds'>; values: number[] }>();
  for (const job of run.jobs) {
    if (job.status !== 'ok' || !job.gates) continue;
    for (const g of job.gates) {
      g.experts.forEach((expert, i) => {
        const w = g.mean[i];
        if (!Number.isFinite(w)) return;
        const panel = `${job.model} · level ${g.level}`;
        const key = `${panel}\u0000${g.gate}\u0000${expert}`;
        const cell = cells.get(key) ?? { row: { panel, model: job.model, level: g.level, gate: g.gate, expert }, values: [] };
        cell.values.push(w);
        cells.set(key, cell);
      });
    }
  }
  return [...cells.values()].map(({ row, values }) => {
    const n = values.length;
    const weight = values.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - weight) ** 2, 0) / (n - 1)) : null;
    const spread = sd ?? 0;
    return { ...row, weight, sd, lo: Math.max(0, weight - spread), hi: Math.min(1, weight + spread), seeds: n };
  });
}

/**
 * Expert utilisation (the paper's Figure 8): per panel (model and level),
 * bars grouped by the task whose gate it is, one bar per expert with the
 * mean gate weight over seeds and ± 1 sd as an error bar. Null when no job
 * reports gates.
 */
export function expertsSpec(run: RunData): TopLevelSpec | null {
  const values = expertRows(run);
  if (values.length === 0) return null;
  const tasks = run.config.tasks.map((t) => t.name);
  const gates = [...tasks, ...new Set(values.map((v) => v.gate).filter((g) => !tasks.includes(g)))];
  const experts = [...new Set(values.map((v) => v.expert))];
  const x = { field: 'gate', type: 'nominal' as const, title: 'gate of task', sort: gates, axis: { labelAngle: 0 } };
  const xOffset = { field: 'expert', type: 'nominal' as const, sort: experts };
  // a fixed width: a step width with independent x scales in a facet collapses the groups (vega-lite 5.23)
  const widest = Math.max(...[...new Set(values.map((v) => v.panel))].map((p) => values.filter((v) => v.panel === p).length));
  const width = Math.max(160, Math.min(480, widest * 14));
  const y = { field: 'weight', type: 'quantitative' as const, title: 'mean gate weight', scale: { domain: [0, 1] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'Expert utilisation', subtitle: 'mean gate weight per expert on the test day over ok seeds; error bars: ± 1 sd across seeds' },
    background: 'white',
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: [...new Set(values.map((v) => v.panel))] },
    columns: 2,
    spec: {
      width,
      height: 180,
      layer: [
        {
          mark: 'bar',
          encoding: {
            x, xOffset, y,
            color: { field: 'expert', type: 'nominal', title: 'expert', sort: experts },
            tooltip: [{ field: 'gate' }, { field: 'expert' }, { field: 'weight', format: '.3f' }, { field: 'sd', format: '.3f' }, { field: 'seeds' }],
          },
        },
        { mark: { type: 'rule', color: '#222' }, encoding: { x, xOffset, y: { ...y, field: 'lo' }, y2: { field: 'hi' } } },
      ],
    },
    resolve: { scale: { x: 'independent', xOffset: 'independent' } },
  } as TopLevelSpec;
}
