import { trainJob } from '../train/trainer';
import type { JobExecutor } from './types';

/** Runs jobs one at a time in this thread (`--jobs 1`, and the tests). */
export function inProcessExecutor(backend: string): JobExecutor {
  return {
    backend,
    run: (job, onProgress, signal) =>
      trainJob({
        config: job.config,
        model: job.modelConfig,
        seed: job.seed,
        data: job.data,
        reporter: { step: onProgress },
        signal,
      }),
    close: async () => undefined,
  };
}
