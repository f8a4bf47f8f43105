import * as path from 'node:path';
import type { Config } from '../config/types';
import { writeJsonAtomic } from '../fs/atomic';
import { FILES } from '../results/layout';
import { readManifest, readRun } from '../results/run-dir';
import { summarize } from '../study/summary';
import type { StudySummary } from '../study/types';
import type { Point } from './job-scan';

/** Summaries of every point, each also written beside its jobs (points share the run's manifest). */
export async function summarizeAll(points: readonly Point[], runDir: string): Promise<{ key: string; summary: StudySummary }[]> {
  const manifest = await readManifest(runDir);
  const out = [];
  for (const point of points) {
    const summary = summarize(await readRun(point.dir, manifest, { testOutputs: true }));
    if (point.dir !== runDir) await writeJsonAtomic(path.join(point.dir, FILES.summary), summary);
    out.push({ key: point.key, summary });
  }
  return out;
}

/** summary.json: the run's summary, or every point's for a sweep; its presence marks the run finished. */
export async function writeSummary(runDir: string, config: Config, summaries: { key: string; summary: StudySummary }[]): Promise<void> {
  await writeJsonAtomic(path.join(runDir, FILES.summary), config.sweep ? { points: summaries } : summaries[0].summary);
}
