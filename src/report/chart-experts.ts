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

/** What a panel's gates are: task gates, plus the shared gate below PLE's last level, or ML-MMoE's gates of the next level's experts. */
function gateTitle(gates: readonly string[], tasks: readonly string[], level: number): { axis: string; subtitle: string } {
  const taskGates = gates.filter((g) => tasks.includes(g));
  const shared = gates.includes('shared');
  if (taskGates.length === gates.length) return { axis: 'gate of task', subtitle: 'the task gates' };
  if (taskGates.length + (shared ? 1 : 0) === gates.length) return { axis: 'gate of task / shared', subtitle: 'task gates and the shared gate' };
  return { axis: `gate of level-${level + 1} expert`, subtitle: `gates of the level-${level + 1} experts` };
}

/** Above this mean weight a cell is dark enough for white text. */
const DARK = 0.55;

/** One heat-map panel: a row per gate, a column per expert, each cell the mean weight with its sd across seeds. */
function panelSpec(rows: readonly ExpertRow[], tasks: readonly string[], index: number) {
  const { model, level } = rows[0];
  const experts = [...new Set(rows.map((r) => r.expert))].sort((a, b) => expertRank(a, tasks) - expertRank(b, tasks) || a.localeCompare(b, 'en', { numeric: true }));
  const gates = [...new Set(rows.map((r) => r.gate))].sort((a, b) => rank(a, tasks) - rank(b, tasks) || a.localeCompare(b, 'en', { numeric: true }));
  const title = gateTitle(gates, tasks, level);
  const longest = Math.max(...experts.map((e) => [...e].length));
  const values = rows.map((r) => ({ ...r, weight_text: r.weight.toFixed(2), sd_text: r.sd === null ? '' : `± ${r.sd.toFixed(2)}` }));
  const text = (field: string, dy: number, fontSize: number) => ({
    name: `${field}_${index}`,
    mark: { type: 'text' as const, dy, fontSize },
    encoding: { text: { field }, color: { condition: { test: `datum.weight > ${DARK}`, value: 'white' }, value: '#222' } },
  });
  return {
    title: { text: `${model} · level ${level}`, subtitle: title.subtitle, anchor: 'start' as const, fontSize: 12 },
    data: { values },
    // a cell wide enough for its expert's name at 11px, so no label overlaps its neighbour
    width: { step: Math.max(54, Math.ceil(longest * 7 + 12)) },
    height: { step: 34 },
    encoding: {
      x: { field: 'expert', type: 'nominal' as const, sort: experts, title: `experts of level ${level}`, axis: { labelAngle: 0, labelFontSize: 11, labelLimit: 300, domain: false, ticks: false } },
      y: { field: 'gate', type: 'nominal' as const, sort: gates, title: title.axis, axis: { labelFontSize: 11, labelLimit: 300, domain: false, ticks: false } },
    },
    layer: [
      {
        name: `cells_${index}`,
        mark: { type: 'rect' as const, stroke: 'white', strokeWidth: 2 },
        encoding: {
          color: { field: 'weight', type: 'quantitative' as const, title: 'mean gate weight', scale: { domain: [0, 1], scheme: 'blues' } },
          tooltip: [{ field: 'gate' }, { field: 'expert' }, { field: 'weight', format: '.3f' }, { field: 'sd', format: '.3f' }, { field: 'seeds' }],
        },
      },
      text('weight_text', values.some((v) => v.sd !== null) ? -5 : 0, 11),
      text('sd_text', 9, 8),
    ],
  };
}

/** Tasks' gates first (in task order), then the shared gate, then the rest (by name). */
function rank(gate: string, tasks: readonly string[]): number {
  const i = tasks.indexOf(gate);
  return i >= 0 ? i : gate === 'shared' ? tasks.length : tasks.length + 1;
}

/** Experts of a task (`vtr_0`) in task order, then the shared ones (`shared_0`), then the rest (`expert_0`, by name). */
function expertRank(expert: string, tasks: readonly string[]): number {
  return rank(expert.replace(/_\d+$/, ''), tasks);
}

/**
 * Expert utilisation (the paper's Figure 8) as heat-maps: a panel per gated
 * model and level, a row per gate (whose mixture it is), a column per
 * expert it can weigh, each cell the mean gate weight on the test day over
 * seeds with its sd across seeds. A gate that does not see an expert (a CGC
 * or PLE task gate and another task's experts) leaves that cell blank. Null
 * when no job reports gates.
 */
export function expertsSpec(run: RunData): TopLevelSpec | null {
  const values = expertRows(run);
  if (values.length === 0) return null;
  const tasks = run.config.tasks.map((t) => t.name);
  const panels = [...new Set(values.map((v) => v.panel))];
  const spread = values.some((v) => v.sd !== null) ? '; below it, its sd across seeds' : '';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: 'Expert utilisation',
      subtitle: [`cell: the mean weight a gate gives an expert on the test day, over ok seeds${spread}`, 'each row sums to 1; blank: the gate does not see that expert'],
      anchor: 'start',
    },
    background: 'white',
    concat: panels.map((p, i) => panelSpec(values.filter((v) => v.panel === p), tasks, i)),
    columns: 2,
    spacing: 28,
    resolve: { scale: { color: 'shared' } },
    config: { view: { stroke: null } },
  } as TopLevelSpec;
}
