import * as path from 'node:path';
import type { RunData } from '../results/types';
import { summarize, type SummaryOptions } from '../study/summary';
import type { StudySummary } from '../study/types';
import { gainTable } from '../report/table';

export interface CompareOptions {
  /** runs loaded by the results module, in the order the user named them */
  runs: RunData[];
  /** print the summary JSON instead of the table */
  json?: boolean;
  /** unused: runs arrive loaded; kept for the common command signature */
  cwd?: string;
  /** statistics settings that replace each run's own (correction, alpha, interval) */
  statistics?: SummaryOptions;
}

export interface CompareResult {
  /** what the CLI prints: the table, or the JSON text with `json` */
  text: string;
  /** one run: its summary (equal to its summary.json); several: one summary per run */
  json: StudySummary | StudySummary[];
  summaries: StudySummary[];
}

/** config/run-id, plus the folder name when the run is one point of a sweep (its own subfolder). */
export function compareLabel(run: RunData): string {
  const base = `${run.manifest.config_name}/${run.manifest.run_id}`;
  const leaf = path.basename(run.dir);
  return leaf === run.manifest.run_id ? base : `${base}/${leaf}`;
}

/** `ple compare RUN...`: the gain and quadrant table of one or several runs, side by side. */
export async function compare(options: CompareOptions): Promise<CompareResult> {
  if (options.runs.length === 0) throw new Error('compare: no runs given');
  const summaries = options.runs.map((run) => summarize(run, options.statistics));
  const json = summaries.length === 1 ? summaries[0] : summaries;
  const text = options.json ? JSON.stringify(json, null, 2) : gainTable(summaries, options.runs.map(compareLabel));
  return { text, json, summaries };
}
