import * as path from 'node:path';
import { writeJsonAtomic } from '../fs/atomic';
import { FILES } from '../results/layout';
import { readManifest, readRun } from '../results/run-dir';
import { summarize } from '../study/summary';
import type { StudySummary } from '../study/types';

/** Summaries of every point, each also written beside its jobs (points share the run's manifest). */
export async function summarizeAll(points: readonly { key: string; dir: string }[], runDir: string): Promise<{ key: string; summary: StudySummary }[]> {
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
export async function writeSummary(runDir: string, sweeping: boolean, summaries: { key: string; summary: StudySummary }[]): Promise<void> {
  await writeJsonAtomic(path.join(runDir, FILES.summary), sweeping ? { points: summaries } : summaries[0].summary);
}
