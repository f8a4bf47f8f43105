import type { RunData } from '../results/types';
import { findPaperTable } from '../study/paper';
import { paramTitle, valueText, type SweepStudy } from '../study/sweep';
import type { ModelSummary } from '../study/types';
import { MISSING, countText, gainText, legend, meanSd, pAdjustedText, signed } from './format';
import type { FigureLink } from './markdown';
import { placementCells, placementHeadings, seedsCell } from './markdown';
import { paperGainsFor } from './markdown-paper';
import { mdCode, mdText, table } from './markdown-util';
import { sweepPointsSection, sweepSetupSection } from './sweep-markdown-setup';

/** The paper's gains for this arch at a point whose task set is one of the paper's tables: "+0.0131 / +0.0019 / -0.0001 (Table 4: VTR+VCR+SHR)". */
function paperCell(tasks: readonly string[], arch: string): string {
  const found = findPaperTable(tasks);
  const gains = found && paperGainsFor(found, arch, tasks);
  if (!found || !gains || tasks.some((t) => gains[t] === undefined)) return MISSING;
  return `${tasks.map((t) => signed(gains[t])).join(' / ')} (${found.title.split(':')[0]})`;
}

/**
 * The sweep's main table: one row per model × grid value (model by model, in
 * grid order), each task's test metric and, where the point has a
 * single_task model, its MTL gain with the placement (quadrant, or up/down
 * counts with three or more tasks). A point not run yet, or a model whose
 * every job failed there, is marked rather than dropped.
 */
export function sweepGainsSection(study: SweepStudy): string[] {
  const tasks = study.tasks;
  const k = tasks.length;
  const hasGains = study.points.some((p) => p.summary?.baseline);
  // the paper's gains per row only where the grid changes the task set (Table 4's groups); otherwise each point's report has them
  const taskSets = new Set(study.points.filter((p) => p.summary).map((p) => p.summary!.tasks.map((t) => t.name).join(',')));
  const withPaper = taskSets.size > 1 && study.points.some((p) => p.summary && findPaperTable(p.summary.tasks.map((t) => t.name)));
  // a swept path is one the config schema has (validation refuses any other), so its title needs no escaping
  const head = [...study.params.map((p) => paramTitle(p, study)), 'model', 'seeds', 'params', 'FLOPs/sample', ...tasks.map((t) => `${mdText(t.name)} ${t.metric.toUpperCase()}`)];
  const statistics = study.points.find((p) => p.summary?.statistics)?.summary?.statistics;
  if (hasGains) head.push(...tasks.flatMap((t) => [`gain ${mdText(t.name)}`, `p → ${statistics?.correction ?? 'holm'} ${mdText(t.name)}`]), ...placementHeadings(k));
  if (withPaper) head.push('paper gains');
  const valueCells = (p: SweepStudy['points'][number]) => study.params.map((param) => mdText(valueText(p.overrides[param])));
  const rows: string[][] = [];
  for (const model of study.models) {
    for (const p of study.points) {
      const m: ModelSummary | undefined = p.summary?.models.find((x) => x.model === model);
      if (!p.summary || !m) continue;
      const cells = [...valueCells(p), mdText(model), seedsCell(m), countText(m.parameters), countText(m.flops_per_sample), ...tasks.map((t) => meanSd(m.metrics[t.name]))];
      const pointTasks = p.summary.tasks.map((t) => t.name);
      if (hasGains) {
        const noGain = m.is_baseline || !m.gains;
        cells.push(...tasks.flatMap((t) => (noGain ? [MISSING, MISSING] : [gainText(m.gains?.[t.name]), pAdjustedText(m.gains?.[t.name])])));
        cells.push(...(m.gains || m.is_baseline ? placementCells(k, m) : placementHeadings(k).map(() => MISSING)));
      }
      if (withPaper) cells.push(m.is_baseline ? MISSING : paperCell(pointTasks, m.arch));
      rows.push(cells);
    }
  }
  for (const p of study.points.filter((x) => !x.summary)) {
    const blanks = head.length - study.params.length - 2;
    rows.push([...valueCells(p), '(point not run yet)', '0', ...Array.from({ length: blanks }, () => MISSING)]);
  }
  const out = [`## Results against ${study.params.map(mdCode).join(' × ')}`, '', ...table(head, rows), ''];
  out.push(hasGains ? legend(statistics) : 'metric: mean ± sd over ok seeds (no single_task model: raw metrics only).');
  if (hasGains && statistics) out.push('', `${statistics.statement} Each grid point is its own family: its gains are corrected together, not with other points'.`);
  if (withPaper) out.push('', 'paper gains: the paper\'s own gains (Tencent\'s data, no intervals) for points whose task set is one of its tables; compare signs, not values.');
  const notes = study.points.flatMap((p) =>
    p.summary ? [...p.summary.notes.map((n) => `${p.key}: ${n}`), ...p.summary.models.flatMap((m) => m.notes.map((n) => `${p.key}: ${m.model} ${n}`))] : [],
  );
  if (notes.length > 0) out.push('', 'Notes:', '', ...notes.map((n) => `- ${mdText(n)}`));
  return out;
}

function figuresSection(figures: readonly FigureLink[], missing: readonly string[]): string[] {
  if (figures.length === 0) return ['## Figures', '', 'No figure: no point has a usable result yet.'];
  const out = ['## Figures', ''];
  if (missing.length > 0) out.push(`Points without any usable result are absent from the figures: ${mdText(missing.join(', '))}.`, '');
  return [...out, ...figures.flatMap((f) => [`### ${mdText(f.title)}`, '', `![${mdText(f.title)}](${f.file})`, '', `[${f.file}](${f.file})`, ''])];
}

export interface SweepMarkdownInput {
  study: SweepStudy;
  /** the first point that ran (its config and manifest describe the shared setting) */
  first: RunData | undefined;
  /** the run directory, as shown in the report */
  dir: string;
  figures: readonly FigureLink[];
  /** point key → relative link to that point's report.md */
  links: Readonly<Record<string, string>>;
  /** keys of points absent from the figures */
  missing: readonly string[];
}

/** The study-level report of a run with a sweep, as Markdown. */
export function renderSweepMarkdown(input: SweepMarkdownInput): string {
  const { study } = input;
  const intro = [
    `# ple sweep: ${mdText(study.config_name)} / ${mdText(study.run_id)}`,
    '',
    `Seesaw study after Tang et al., "Progressive Layered Extraction (PLE)", RecSys 2020, over a grid of ${study.params.map(mdCode).join(' × ')}. Run directory: ${mdCode(input.dir)}.`,
  ];
  const sections = [
    intro,
    sweepSetupSection(study, input.first),
    sweepGainsSection(study),
    figuresSection(input.figures, input.missing),
    sweepPointsSection(study, input.links),
  ];
  return `${sections.map((s) => s.join('\n').trimEnd()).join('\n\n')}\n`;
}
