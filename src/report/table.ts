import Table from 'cli-table3';
import type { ModelSummary, StudySummary } from '../study/types';
import { MISSING, countText, gainText, legend, meanSd, metricHeading, pAdjustedText, pHeading, quadrantText } from './format';

/** A run's default name in column groups: config/run-id. */
export function runLabel(summary: StudySummary): string {
  return `${summary.config_name}/${summary.run_id}`;
}

/** Cells of one run's column group for one model. */
function groupCells(summary: StudySummary, model: ModelSummary | undefined): string[] {
  const hasGains = summary.baseline !== null;
  if (!model) return groupHeadings(summary).map(() => MISSING);
  const jobs = model.per_seed.length;
  const failed = model.per_seed.filter((s) => s.status === 'failed').length;
  const cells = [failed > 0 ? `${jobs - failed}/${jobs} ok` : `${jobs}`, countText(model.parameters), countText(model.flops_per_sample)];
  for (const t of summary.tasks) cells.push(meanSd(model.metrics[t.name]));
  if (hasGains) {
    for (const t of summary.tasks) {
      const g = model.gains?.[t.name];
      cells.push(model.is_baseline ? MISSING : gainText(g), model.is_baseline ? MISSING : pAdjustedText(g));
    }
    cells.push(model.is_baseline ? 'baseline' : quadrantText(model.quadrant));
  }
  return cells;
}

function groupHeadings(summary: StudySummary): string[] {
  const heads = ['jobs', 'params', 'FLOPs', ...summary.tasks.map(metricHeading)];
  if (summary.baseline !== null) heads.push(...summary.tasks.flatMap((t) => [`gain ${t.name}`, pHeading(t, summary.statistics)]), 'quadrant');
  return heads;
}

/**
 * The gain table of one or several runs. Several runs sit side by side, one
 * column group per run, over the models every run has (in the first run's
 * order). `labels` name the groups (default config/run-id). Plain text:
 * no colours, so it can be piped or compared in tests.
 */
export function gainTable(summaries: readonly StudySummary[], labels: readonly string[] = summaries.map(runLabel)): string {
  if (summaries.length === 0) return 'no runs to compare';
  const common = summaries[0].models
    .map((m) => m.model)
    .filter((name) => summaries.every((s) => s.models.some((m) => m.model === name)));
  const table = new Table({ style: { head: [], border: [], compact: false }, wordWrap: false });
  if (summaries.length > 1) {
    table.push([
      '',
      ...summaries.map((s, i) => ({ content: labels[i], colSpan: groupHeadings(s).length, hAlign: 'center' as const })),
    ]);
  }
  table.push(['model', ...summaries.flatMap(groupHeadings)]);
  for (const name of common) {
    table.push([name, ...summaries.flatMap((s) => groupCells(s, s.models.find((m) => m.model === name)))]);
  }
  return [table.toString(), ...footer(summaries, labels, common)].join('\n');
}

function footer(summaries: readonly StudySummary[], labels: readonly string[], shown: readonly string[]): string[] {
  const lines: string[] = [];
  const several = summaries.length > 1;
  const withGains = summaries.filter((s) => s.baseline !== null);
  if (withGains.length > 0) lines.push(legend(withGains[0].statistics, withGains[0].baseline ?? undefined));
  for (const [i, s] of summaries.entries()) {
    const prefix = several ? `${labels[i]}: ` : '';
    if (s.statistics && s.baseline !== null) lines.push(`${prefix}${s.statistics.statement}`);
    for (const note of s.notes) lines.push(`${prefix}${note}`);
    for (const m of s.models) {
      if (!shown.includes(m.model)) continue;
      for (const note of m.notes) lines.push(`${prefix}${m.model} ${note}`);
    }
  }
  if (several) {
    const dropped = new Set(summaries.flatMap((s) => s.models.map((m) => m.model)).filter((n) => !shown.includes(n)));
    if (dropped.size > 0) lines.push(`not in every run, left out: ${[...dropped].join(', ')}`);
  }
  return lines;
}
