import * as path from 'node:path';
import { UserError } from '../errors';
import { writeFileAtomic } from '../fs/atomic';
import { renderSvg } from '../report/charts';
import type { FigureLink } from '../report/markdown';
import { sweepGainSpec, sweepMetricSpec } from '../report/sweep-charts';
import { sweepFigures } from '../report/sweep-figure-data';
import { renderSweepMarkdown } from '../report/sweep-markdown';
import type { SummaryOptions } from '../study/summary';
import { summarizeSweep, type SweepPointInput, type SweepStudy } from '../study/sweep';
import { report, type ReportFormat, type ReportResult } from './report';
import { checkReportTargets } from './report-files';

export interface StudyReportOptions {
  /** the run's sub-studies, exactly as `readStudy(dir)` returns them (one entry keyed '' for a run without a sweep) */
  points: SweepPointInput[];
  /** the run directory, results/<config>/<run id> */
  dir: string;
  format?: ReportFormat;
  /** folder to write into (points go to out/points/<key>); default the run directory. Relative paths resolve against `cwd`. */
  out?: string;
  cwd?: string;
  /** statistics settings that replace the run's own (correction, alpha, interval) */
  statistics?: SummaryOptions;
}

export interface StudyReportResult {
  /** absolute folder of the top-level report */
  dir: string;
  /** absolute paths written: every point's files, then the sweep's SVGs, then report.md (or report.json) */
  files: string[];
  /** the sweep's study; null for a run without a sweep (then `points` holds its one report) */
  study: SweepStudy | null;
  /** each point's own report, in grid order */
  points: { key: string; result: ReportResult }[];
  /** the top-level report text, with format markdown */
  markdown?: string;
}

/** The gain and metric figures of one swept parameter: sweep-gain.svg alone, sweep-gain-tasks-1-gamma.svg beside others. */
function figureFiles(param: string, params: number): [string, string] {
  const suffix = params > 1 ? `-${param.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}` : '';
  return [`sweep-gain${suffix}.svg`, `sweep-metric${suffix}.svg`];
}

/** `a/b` with forward slashes, for Markdown links. */
function link(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}

/**
 * `ple report RUN` for any run. Without a sweep it is `report()`. With one,
 * it writes each point's own report (into the point's folder, or
 * out/points/<key>), then at the top: for each swept parameter the figures
 * of gain and test metric against its values (sweep-gain.svg and
 * sweep-metric.svg with one parameter, sweep-gain-<parameter>.svg and
 * sweep-metric-<parameter>.svg with several) and report.md
 * with the table of every model × grid value and links to the points'
 * reports. Points with failed jobs are reported with the failures marked;
 * grid points not run yet are listed as such.
 */
export async function reportStudy(options: StudyReportOptions): Promise<StudyReportResult> {
  const cwd = options.cwd ?? process.cwd();
  const format = options.format ?? 'markdown';
  const top = path.resolve(cwd, options.out ?? options.dir);
  const { points } = options;
  if (points.length === 1 && points[0].key === '') {
    const result = await report({ run: points[0].run, format, out: options.out, cwd, statistics: options.statistics });
    return { dir: result.dir, files: result.files, study: null, points: [{ key: '', result }], markdown: result.markdown };
  }
  if (points.length === 0) throw new UserError(`${options.dir}: no sweep point of this run has started yet: nothing to report`);
  const study = summarizeSweep(points, points[0].run.manifest.sweep_points, options.statistics);
  const mine = format === 'json' ? ['report.json'] : [...study.params.flatMap((p) => figureFiles(p, study.params.length)), 'report.md'];
  await checkReportTargets(mine.map((f) => path.join(top, f)), cwd);

  const files: string[] = [];
  const reports: { key: string; result: ReportResult }[] = [];
  const links: Record<string, string> = {};
  for (const p of points) {
    const out = options.out ? path.join(top, 'points', p.key) : undefined;
    const result = await report({ run: p.run, format, out, cwd, statistics: options.statistics });
    reports.push({ key: p.key, result });
    files.push(...result.files);
    links[p.key] = link(top, path.join(result.dir, format === 'json' ? 'report.json' : 'report.md'));
  }
  const data = sweepFigures(study);
  if (format === 'json') {
    const file = path.join(top, 'report.json');
    await writeFileAtomic(file, `${JSON.stringify({ study, figures: data, reports: links }, null, 2)}\n`);
    return { dir: top, files: [...files, file], study, points: reports };
  }
  const figures: FigureLink[] = [];
  for (const d of data) {
    const [gainFile, metricFile] = figureFiles(d.param, data.length);
    const specs = [
      [gainFile, `MTL gain against ${d.title}`, sweepGainSpec(d)],
      [metricFile, `Test metric against ${d.title} (Fig. 7)`, sweepMetricSpec(d)],
    ] as const;
    for (const [file, title, spec] of specs) {
      if (!spec) continue;
      const target = path.join(top, file);
      await writeFileAtomic(target, await renderSvg(spec));
      files.push(target);
      figures.push({ file, title });
    }
  }
  const first = points.find((p) => p.run.jobs.length > 0)?.run ?? points[0].run;
  const missing = [...new Set(data.flatMap((d) => d.missing))];
  const markdown = renderSweepMarkdown({ study, first, dir: path.relative(cwd, path.resolve(cwd, options.dir)) || '.', figures, links, missing });
  const reportFile = path.join(top, 'report.md');
  await writeFileAtomic(reportFile, markdown);
  files.push(reportFile);
  return { dir: top, files, study, points: reports, markdown };
}
