import * as path from 'node:path';
import type { RunData } from '../results/types';
import type { ModelSummary, StudySummary } from '../study/types';
import { MISSING, countText, gainText, legend, meanSd, num, pAdjustedText, pHeading, signed, tallyText, transferText } from './format';
import { expertsSection } from './markdown-experts';
import { paperSection } from './markdown-paper';
import { samplesSection, studySection } from './markdown-study';
import { mdCode, mdText, table } from './markdown-util';

/** A figure written beside the report. */
export interface FigureLink {
  file: string;
  title: string;
}

/** Jobs of a model (one per seed, or per world and seed), with the failed ones named. */
export function seedsCell(m: ModelSummary): string {
  const failed = m.per_seed.filter((s) => s.status === 'failed');
  const name = (s: ModelSummary['per_seed'][number]) => (s.data_seed === undefined ? String(s.seed) : `${s.data_seed}/${s.seed}`);
  return failed.length > 0 ? `${m.per_seed.length - failed.length}/${m.per_seed.length} (failed: ${failed.map(name).join(', ')})` : String(m.per_seed.length);
}

/** The placement columns: quadrant with two tasks; with three or more, up/down counts as the paper's Table 4 and the kind of transfer. */
export function placementHeadings(taskCount: number): string[] {
  return taskCount >= 3 ? ['up / down', 'transfer', 'certainty'] : ['quadrant', 'certainty'];
}

export function placementCells(taskCount: number, m: ModelSummary): string[] {
  if (m.is_baseline) return taskCount >= 3 ? ['baseline', MISSING, MISSING] : ['baseline', MISSING];
  const certainty = m.quadrant?.certainty ?? MISSING;
  if (taskCount >= 3) return [tallyText(m.quadrant), transferText(m.quadrant), certainty];
  return [m.quadrant?.label ?? MISSING, certainty];
}

/**
 * The main table in the layout of the paper's Table 1 (two tasks: metric and
 * gain per task, quadrant) or Table 4 (three or more: a gain column per task
 * and the count of tasks up and down), firm or within noise.
 */
export function gainsSection(summary: StudySummary): string[] {
  const hasGains = summary.baseline !== null;
  const k = summary.tasks.length;
  const head = ['model', 'arch', 'jobs', 'params', 'FLOPs/sample', ...summary.tasks.map((t) => `${mdText(t.name)} ${t.metric.toUpperCase()}`)];
  if (hasGains) head.push(...summary.tasks.flatMap((t) => [`gain ${mdText(t.name)}`, mdText(pHeading(t, summary.statistics))]), ...placementHeadings(k));
  const rows = summary.models.map((m) => {
    const cells = [mdText(m.model), mdText(m.arch), seedsCell(m), countText(m.parameters), countText(m.flops_per_sample), ...summary.tasks.map((t) => meanSd(m.metrics[t.name]))];
    if (hasGains) {
      cells.push(...summary.tasks.flatMap((t) => (m.is_baseline ? [MISSING, MISSING] : [gainText(m.gains?.[t.name]), pAdjustedText(m.gains?.[t.name])])));
      cells.push(...placementCells(k, m));
    }
    return cells;
  });
  const layout = k >= 3 ? "the layout of the paper's Table 4" : "the layout of the paper's Table 1";
  const out = [`## MTL gains (${layout})`, ''];
  if (hasGains && summary.statistics) out.push(summary.statistics.statement, '');
  out.push(...table(head, rows), '');
  out.push(hasGains ? legend(summary.statistics, summary.baseline ?? undefined) : 'metric: mean ± sd over ok seeds. params: trainable parameters; FLOPs/sample: forward FLOPs per sample.');
  const notes = [...summary.notes, ...summary.models.flatMap((m) => m.notes.map((n) => `${m.model} ${n}`))];
  if (notes.length > 0) out.push('', 'Notes:', '', ...notes.map((n) => `- ${mdText(n)}`));
  return out;
}

function perSeedSection(summary: StudySummary): string[] {
  const hasGains = summary.baseline !== null;
  const worlds = summary.models.some((m) => m.per_seed.some((s) => s.data_seed !== undefined));
  const head = ['model', ...(worlds ? ['world'] : []), 'seed', 'status', 'best epoch', ...summary.tasks.map((t) => `${mdText(t.name)} ${t.metric.toUpperCase()}`)];
  if (hasGains) head.push(...summary.tasks.map((t) => `gain ${mdText(t.name)}`));
  head.push('wall s', 'notes');
  const rows = summary.models.flatMap((m) =>
    m.per_seed.map((s) => {
      const cells = [mdText(m.model), ...(worlds ? [s.data_seed ?? MISSING] : []), s.seed, s.status, s.best_epoch, ...summary.tasks.map((t) => num(s.metrics[t.name]))];
      if (hasGains) cells.push(...summary.tasks.map((t) => (s.gains ? signed(s.gains[t.name]) : MISSING)));
      cells.push(s.wall_s.toFixed(1), mdText(s.notes.join('; ')));
      return cells;
    }),
  );
  const jobs = rows.length;
  // blank lines inside <details> let Markdown renderers parse the table
  return ['## Per-seed results', '', `<details><summary>${jobs} jobs, one row per model and seed</summary>`, '', ...table(head, rows), '', '</details>'];
}

function figuresSection(figures: readonly FigureLink[]): string[] {
  if (figures.length === 0) return [];
  return ['## Figures', '', ...figures.flatMap((f) => [`### ${mdText(f.title)}`, '', `![${mdText(f.title)}](${f.file})`, '', `[${f.file}](${f.file})`, ''])];
}

/** The key of the sweep point this run is (its folder under points/), or null for a run without a sweep. */
export function sweepPointKey(run: RunData): string | null {
  const key = path.basename(run.dir);
  return run.manifest.sweep_points?.some((p) => p.key === key) ? key : null;
}

/** The whole report of one run (or one sweep point) as Markdown; `figures` are the SVG files written beside it. */
export function renderMarkdown(run: RunData, summary: StudySummary, figures: readonly FigureLink[]): string {
  const point = sweepPointKey(run);
  const title = `# ple study: ${mdText(summary.config_name)} / ${mdText(summary.run_id)}${point ? ` · point ${mdText(point)}` : ''}`;
  const intro = [title, '', `Seesaw study after Tang et al., "Progressive Layered Extraction (PLE)", RecSys 2020. Run directory: ${mdCode(run.dir)}.`];
  if (point) intro.push('', `One point of a sweep; the whole sweep, every point side by side, is in [the run's report](../../report.md) (written by \`ple report\` on the run).`);
  const sections = [
    intro,
    studySection(run, summary),
    gainsSection(summary),
    // the paper's gains are against its single-task model: beside gains against another model they would mislead
    summary.models.find((m) => m.is_baseline)?.arch === 'single_task' ? paperSection(summary) : [],
    figuresSection(figures),
    expertsSection(run),
    samplesSection(run, summary),
    perSeedSection(summary),
  ];
  return `${sections.filter((s) => s.length > 0).map((s) => s.join('\n').trimEnd()).join('\n\n')}\n`;
}
