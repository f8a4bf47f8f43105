import type { RunData } from '../results/types';
import type { ModelSummary, StudySummary } from '../study/types';
import { LEGEND, MISSING, gainText, meanSd, num, signed } from './format';
import { paperSection } from './markdown-paper';
import { samplesSection, studySection } from './markdown-study';
import { table } from './markdown-util';

/** A figure written beside the report. */
export interface FigureLink {
  file: string;
  title: string;
}

function seedsCell(m: ModelSummary): string {
  const total = m.seeds_ok.length + m.seeds_failed.length;
  return m.seeds_failed.length > 0 ? `${m.seeds_ok.length}/${total} (failed: ${m.seeds_failed.join(', ')})` : String(total);
}

/** The main table in the layout of the paper's Table 1: metric and gain per task, quadrant, firm or within noise. */
export function gainsSection(summary: StudySummary): string[] {
  const hasGains = summary.baseline !== null;
  const head = ['model', 'arch', 'seeds', ...summary.tasks.map((t) => `${t.name} ${t.metric.toUpperCase()}`)];
  if (hasGains) head.push(...summary.tasks.map((t) => `gain ${t.name}`), 'quadrant', 'certainty');
  const rows = summary.models.map((m) => {
    const cells = [m.model, m.arch, seedsCell(m), ...summary.tasks.map((t) => meanSd(m.metrics[t.name]))];
    if (hasGains) {
      cells.push(...summary.tasks.map((t) => (m.is_baseline ? MISSING : gainText(m.gains?.[t.name]))));
      cells.push(m.is_baseline ? 'baseline' : m.quadrant?.label ?? MISSING, m.is_baseline ? MISSING : m.quadrant?.certainty ?? MISSING);
    }
    return cells;
  });
  const out = ['## MTL gains (the layout of the paper\'s Table 1)', '', ...table(head, rows), ''];
  out.push(hasGains ? LEGEND : 'metric: mean ± sd over ok seeds.');
  const notes = [...summary.notes, ...summary.models.flatMap((m) => m.notes.map((n) => `${m.model} ${n}`))];
  if (notes.length > 0) out.push('', 'Notes:', '', ...notes.map((n) => `- ${n.replace(/\r?\n/g, ' ')}`));
  return out;
}

function perSeedSection(summary: StudySummary): string[] {
  const hasGains = summary.baseline !== null;
  const head = ['model', 'seed', 'status', 'best epoch', ...summary.tasks.map((t) => `${t.name} ${t.metric.toUpperCase()}`)];
  if (hasGains) head.push(...summary.tasks.map((t) => `gain ${t.name}`));
  head.push('wall s', 'notes');
  const rows = summary.models.flatMap((m) =>
    m.per_seed.map((s) => {
      const cells = [m.model, s.seed, s.status, s.best_epoch, ...summary.tasks.map((t) => num(s.metrics[t.name]))];
      if (hasGains) cells.push(...summary.tasks.map((t) => (s.gains ? signed(s.gains[t.name]) : MISSING)));
      cells.push(s.wall_s.toFixed(1), s.notes.join('; '));
      return cells;
    }),
  );
  const jobs = rows.length;
  // blank lines inside <details> let Markdown renderers parse the table
  return ['## Per-seed results', '', `<details><summary>${jobs} jobs, one row per model and seed</summary>`, '', ...table(head, rows), '', '</details>'];
}

function figuresSection(figures: readonly FigureLink[]): string[] {
  if (figures.length === 0) return [];
  return ['## Figures', '', ...figures.flatMap((f) => [`### ${f.title}`, '', `![${f.title}](${f.file})`, '', `[${f.file}](${f.file})`, ''])];
}

/** The whole report of one run as Markdown; `figures` are the SVG files written beside it. */
export function renderMarkdown(run: RunData, summary: StudySummary, figures: readonly FigureLink[]): string {
  const sections = [
    [`# ple study: ${summary.config_name} / ${summary.run_id}`, '', `Seesaw study after Tang et al., "Progressive Layered Extraction (PLE)", RecSys 2020. Run directory: \`${run.dir}\`.`],
    studySection(run, summary),
    gainsSection(summary),
    paperSection(summary),
    figuresSection(figures),
    samplesSection(run, summary),
    perSeedSection(summary),
  ];
  return `${sections.filter((s) => s.length > 0).map((s) => s.join('\n').trimEnd()).join('\n\n')}\n`;
}
