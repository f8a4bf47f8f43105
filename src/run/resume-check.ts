import { provenanceDiff, type JobProvenance } from '../results/provenance';

export interface FinishedJob {
  /** `model/seed-N`, after `point/` in a sweep */
  label: string;
  /** what the job would be trained with now */
  expected: JobProvenance;
  /** what it was trained with (absent when its ple recorded none) */
  recorded?: JobProvenance;
}

/**
 * Why a resume must not pair new jobs with these finished ones, or undefined
 * when every one was trained with what the run would use now. Pure: the
 * caller says what each job expects (its data file's hash, the backend, the
 * version, the resolved config), so jobs with data of their own compare
 * against their own.
 */
export function resumeRefusal(run: string, jobs: readonly FinishedJob[]): string | undefined {
  const byDiff = new Map<string, string[]>();
  for (const job of jobs) {
    for (const line of provenanceDiff(job.expected, job.recorded)) byDiff.set(line, [...(byDiff.get(line) ?? []), job.label]);
  }
  if (byDiff.size === 0) return undefined;
  const differing = new Set([...byDiff.values()].flat()).size;
  const list = (labels: string[]) => `${labels.length} job(s): ${labels.slice(0, 4).join(', ')}${labels.length > 4 ? ', …' : ''}`;
  return [
    `${run}: cannot resume: ${differing} finished job(s) were trained with something other than what this run would use now:`,
    ...[...byDiff].map(([line, labels]) => `  ${line} (${list(labels)})`),
    'Resuming would pair them with jobs trained on something else. Start a new run with --fresh (this one stays as it is), or bring back what the run used (the data file, --backend, the ple version).',
  ].join('\n');
}
