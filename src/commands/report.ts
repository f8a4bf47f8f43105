import * as path from 'node:path';
import { writeFileAtomic } from '../fs/atomic';
import { removeStaleTemps } from '../fs/stale-temps';
import { ensureWritableDir } from '../fs/writable-dir';
import type { RunData } from '../results/types';
import { renderCharts } from '../report/charts';
import { renderMarkdown } from '../report/markdown';
import { summarize, type SummaryOptions } from '../study/summary';
import type { StudySummary } from '../study/types';
import { checkReportTargets } from './report-files';

export type ReportFormat = 'markdown' | 'json';

export interface ReportOptions {
  run: RunData;
  format?: ReportFormat;
  /** folder to write into; default the run's directory. Relative paths resolve against `cwd`. */
  out?: string;
  cwd?: string;
  /** statistics settings that replace the run's own (correction, alpha, interval) */
  statistics?: SummaryOptions;
}

export interface ReportResult {
  /** absolute folder the files were written to */
  dir: string;
  /** absolute paths written: the SVGs, then report.md (markdown) or report.json (json) */
  files: string[];
  summary: StudySummary;
  /** the report text, with format markdown */
  markdown?: string;
}

/**
 * `ple report RUN`: with format markdown, report.md and its SVG figures
 * (quadrant scatter with two tasks or gain heat-map with more, training
 * and validation curves, expert utilisation) in the run's
 * directory or `out`; with format json, report.json (the study summary; not
 * summary.json, whose presence marks a run as finished for `ple run`'s
 * resume). The figures are written before the report so its links never
 * point at missing files.
 */
export async function report(options: ReportOptions): Promise<ReportResult> {
  const cwd = options.cwd ?? process.cwd();
  const dir = path.resolve(cwd, options.out ?? options.run.dir);
  await ensureWritableDir(dir, options.out === undefined ? dir : `--out ${options.out}`);
  await removeStaleTemps(dir);
  const summary = summarize(options.run, options.statistics);
  if ((options.format ?? 'markdown') === 'json') {
    const file = path.join(dir, 'report.json');
    await checkReportTargets([file], cwd);
    await writeFileAtomic(file, `${JSON.stringify(summary, null, 2)}\n`);
    return { dir, files: [file], summary };
  }
  const charts = await renderCharts(options.run, summary);
  const reportFile = path.join(dir, 'report.md');
  await checkReportTargets([...charts.map((c) => path.join(dir, c.file)), reportFile], cwd);
  const files: string[] = [];
  for (const chart of charts) {
    const file = path.join(dir, chart.file);
    await writeFileAtomic(file, chart.svg);
    files.push(file);
  }
  const markdown = renderMarkdown(options.run, summary, charts);
  await writeFileAtomic(reportFile, markdown);
  files.push(reportFile);
  return { dir, files, summary, markdown };
}
