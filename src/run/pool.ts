import type { JobResult } from '../train/types';
import type { JobExecutor, JobRequest, RunReporter } from './types';

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/**
 * Runs the requests with at most `width` in flight; each result is handed to
 * `onResult` (which writes it) as soon as it is done. Returns false when interrupted.
 */
export async function runPool(
  requests: JobRequest[],
  executor: JobExecutor,
  width: number,
  signal: AbortSignal,
  reporter: RunReporter,
  onStart: (job: JobRequest) => void,
  onResult: (job: JobRequest, result: JobResult) => Promise<void>,
): Promise<boolean> {
  let next = 0;
  let stopped = false;
  const lane = async () => {
    while (!stopped && next < requests.length) {
      const job = requests[next++];
      onStart(job);
      try {
        const result = await executor.run(job, (p) => reporter.jobProgress(job, p), signal);
        await onResult(job, result);
        reporter.jobEnd(job, result);
      } catch (err) {
        if (isAbort(err)) {
          stopped = true;
          return;
        }
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, requests.length) }, lane));
  return !stopped && !signal.aborted;
}
