import { findPaperTable, paperTaskName, type PaperTable } from '../study/paper';
import { classify, directionOf } from '../study/quadrants';
import type { ModelSummary, Quadrant, StudySummary, TaskGain } from '../study/types';
import { MISSING, gainText, meanSd, num, quadrantText, signed, tallyText, transferText } from './format';
import { mdText, table } from './markdown-util';

/** The paper's placement for its printed gains (no intervals there, so never "firm"); null when a task's gain is not printed. */
export function paperPlacement(tasks: readonly string[], gains: Record<string, number> | undefined): Quadrant | null {
  if (!gains || tasks.some((t) => gains[t] === undefined)) return null;
  const asGain = (mean: number): TaskGain => ({ n: 1, mean, sd: null, half_width: null, ci_low: null, ci_high: null, direction: directionOf(mean), firm: false });
  return classify(tasks, Object.fromEntries(tasks.map((t) => [t, asGain(gains[t])])));
}

/** The paper's gains of one arch keyed by our task names, if the paper prints them. */
export function paperGainsFor(found: PaperTable, arch: string, tasks: readonly string[]): Record<string, number> | undefined {
  const g = found.gains[arch];
  return g ? Object.fromEntries(tasks.map((t) => [t, g[paperTaskName(t)]])) : undefined;
}

/** Two tasks: the quadrant label; three or more: the kind of transfer and the up/down counts (as Table 4). */
function paperPlacementText(tasks: readonly string[], q: Quadrant | null): string {
  if (!q) return MISSING;
  return tasks.length >= 3 ? `${transferText(q)}; ${tallyText(q, false)}` : q.label;
}

function ourPlacementText(tasks: readonly string[], m: ModelSummary): string {
  if (m.is_baseline) return 'baseline';
  return tasks.length >= 3 ? `${transferText(m.quadrant)}; ${tallyText(m.quadrant)}` : quadrantText(m.quadrant);
}

/**
 * Our numbers beside the paper's, where our tasks are one of the paper's task
 * sets (vtr/vcr → Table 1, ctr/vcr → Table 2, Table 4's sets); empty for any
 * other task set. Rows match by arch name. The paper's data are Tencent's,
 * ours are not: only the pattern (quadrant, sign of each gain) is meant to
 * be compared. Table 4 prints gains only, so its metric columns are left out.
 */
export function paperSection(summary: StudySummary): string[] {
  const ours = summary.tasks.map((t) => t.name);
  const found: PaperTable | undefined = findPaperTable(ours);
  // a task set the paper has no table for gets no section: there is nothing to set beside it
  if (!found) return [];
  const out = ['## The paper\'s numbers', ''];
  const key = (t: string) => paperTaskName(t);
  const withMetrics = Object.keys(found.metrics).length > 0;
  const head = ['model', 'arch'];
  if (withMetrics) for (const t of summary.tasks) head.push(`${mdText(t.name)} ${t.metric.toUpperCase()} (ours)`, `(paper)`);
  for (const t of summary.tasks) head.push(`gain ${mdText(t.name)} (ours)`, `(paper)`);
  head.push(ours.length >= 3 ? 'placement (ours)' : 'quadrant (ours)', '(paper)');
  const rows = summary.models
    .filter((m) => found.metrics[m.arch] || found.gains[m.arch])
    .map((m) => {
      const cells: string[] = [mdText(m.model), mdText(m.arch)];
      if (withMetrics) for (const t of summary.tasks) cells.push(meanSd(m.metrics[t.name]), num(found.metrics[m.arch]?.[key(t.name)]));
      for (const t of summary.tasks) {
        cells.push(m.is_baseline ? MISSING : gainText(m.gains?.[t.name]), m.is_baseline ? MISSING : signed(found.gains[m.arch]?.[key(t.name)]));
      }
      cells.push(ourPlacementText(ours, m), m.is_baseline ? 'baseline' : paperPlacementText(ours, paperPlacement(ours, paperGainsFor(found, m.arch, ours))));
      return cells;
    });
  out.push(
    `Beside ${found.title} (Tang et al., RecSys 2020). The paper's data are Tencent's production logs and its gains carry no intervals; compare the pattern (sign of each gain, quadrant), not the values.`,
    '',
  );
  if (rows.length === 0) out.push('None of this run\'s architectures appears in that table.');
  else out.push(...table(head, rows));
  return out;
}
