import type { TopLevelSpec } from 'vega-lite';
import type { StudySummary, TaskGain } from '../study/types';
import { firmRule, intervalText, pText, signed } from './format';

type Verdict = 'firm gain' | 'gain, within noise' | 'no change' | 'loss, within noise' | 'firm loss';

/** Legend order, with the cell colour and the text colour that reads on it. */
const VERDICTS: readonly { verdict: Verdict; fill: string; ink: string }[] = [
  { verdict: 'firm gain', fill: '#1a9850', ink: 'white' },
  { verdict: 'gain, within noise', fill: '#c7e9c0', ink: '#222' },
  { verdict: 'no change', fill: '#eeeeee', ink: '#222' },
  { verdict: 'loss, within noise', fill: '#fdd0c2', ink: '#222' },
  { verdict: 'firm loss', fill: '#d73027', ink: 'white' },
];

function verdictOf(g: TaskGain): Verdict {
  if (g.mean === null || g.mean === 0) return 'no change';
  if (g.mean > 0) return g.firm ? 'firm gain' : 'gain, within noise';
  return g.firm ? 'firm loss' : 'loss, within noise';
}

interface HeatmapCell {
  model: string;
  /** column heading, e.g. "vtr AUC" */
  task: string;
  verdict: Verdict;
  /** the mean gain, signed */
  gain: string;
  /** "adj. p 0.027" (or "p 0.027" without a correction) */
  p: string;
  ink: string;
}

/** One cell per non-baseline model and task with a measured gain. */
function heatmapCells(summary: StudySummary): HeatmapCell[] {
  const adjusted = summary.statistics?.correction !== 'none';
  return summary.models.flatMap((m) =>
    m.is_baseline || !m.gains
      ? []
      : summary.tasks.flatMap((t) => {
          const g = m.gains![t.name];
          if (!g || g.mean === null) return [];
          const verdict = verdictOf(g);
          const p = adjusted ? g.p_adjusted ?? g.p : g.p;
          return [{ model: m.model, task: `${t.name} ${t.metric.toUpperCase()}`, verdict, gain: signed(g.mean), p: `${adjusted ? 'adj. p' : 'p'} ${pText(p)}`, ink: VERDICTS.find((v) => v.verdict === verdict)!.ink }];
        }),
  );
}

/**
 * With three or more tasks (the paper's Table 4), the gains as a heat-map:
 * a row per model, a column per task, each cell coloured by its verdict
 * after the correction (firm gain, within noise either way, firm loss) and
 * showing the mean gain and its adjusted p. Null without a baseline, with
 * fewer than three tasks (they get the quadrant plot) or without gains.
 */
export function gainHeatmapSpec(summary: StudySummary): TopLevelSpec | null {
  if (summary.baseline === null || summary.tasks.length < 3) return null;
  const values = heatmapCells(summary);
  if (values.length === 0) return null;
  const models = [...new Set(values.map((v) => v.model))];
  const tasks = summary.tasks.map((t) => `${t.name} ${t.metric.toUpperCase()}`);
  const x = { field: 'task', type: 'nominal' as const, sort: tasks, title: null, axis: { orient: 'top' as const, labelAngle: 0, domain: false, ticks: false, labelFontSize: 11 } };
  const y = { field: 'model', type: 'nominal' as const, sort: models, title: null, axis: { domain: false, ticks: false, labelFontSize: 11, labelLimit: 240 } };
  const present = VERDICTS.filter((v) => values.some((c) => c.verdict === v.verdict));
  const against = summary.baseline === 'single_task' ? 'MTL gain per task against single_task (as the paper\'s Table 4)' : `Gain per task against ${summary.baseline}`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: against,
      subtitle: [`${summary.config_name}/${summary.run_id}; positive = better on that task`, `firm: ${firmRule(summary.statistics)}; ${intervalText(summary.statistics)}`],
      anchor: 'start',
    },
    background: 'white',
    data: { values },
    width: { step: 96 },
    height: { step: 40 },
    encoding: { x, y },
    layer: [
      {
        name: 'cells',
        mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
        encoding: {
          color: { field: 'verdict', type: 'nominal', title: 'verdict', legend: { symbolType: 'square' }, scale: { domain: present.map((v) => v.verdict), range: present.map((v) => v.fill) } },
          tooltip: [{ field: 'model' }, { field: 'task' }, { field: 'gain' }, { field: 'p' }, { field: 'verdict' }],
        },
      },
      { name: 'gains', mark: { type: 'text', dy: -6, fontSize: 12 }, encoding: { text: { field: 'gain' }, color: { field: 'ink', type: 'nominal', scale: null } } },
      { name: 'p_values', mark: { type: 'text', dy: 9, fontSize: 9 }, encoding: { text: { field: 'p' }, color: { field: 'ink', type: 'nominal', scale: null } } },
    ],
  } as TopLevelSpec;
}
