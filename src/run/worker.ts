import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../backend';
import { jobBlasThreads } from '../ops/native-blas';
import { UserError } from '../errors';
import { trainJob } from '../train/trainer';
import type { BackendRequest, JobRequest } from './types';

/**
 * A worker thread of the pool: selects its backend once, then trains the jobs
 * it is sent. The data arrives on SharedArrayBuffers, so no job copies it.
 */
export type WorkerMessage =
  | { type: 'ready'; backend: string }
  | { type: 'progress'; progress: import('../train/types').StepProgress }
  | { type: 'done'; result: import('../train/types').JobResult }
  | { type: 'error'; message: string; userError?: boolean };

async function main(): Promise<void> {
  const port = parentPort!;
  const data = workerData as { backend: BackendRequest; jobs: number };
  const selected = await selectBackend(data.backend, { blasThreads: jobBlasThreads(data.jobs) });
  port.postMessage({ type: 'ready', backend: `${selected.name} (${selected.detail})` } satisfies WorkerMessage);
  port.on('message', (job: JobRequest) => {
    trainJob({
      config: job.config,
      model: job.modelConfig,
      seed: job.seed,
      data: job.data,
      reporter: { step: (progress) => port.postMessage({ type: 'progress', progress } satisfies WorkerMessage) },
    }).then(
      (result) => port.postMessage({ type: 'done', result } satisfies WorkerMessage),
      (err: unknown) => port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies WorkerMessage),
    );
  });
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  parentPort?.postMessage({ type: 'error', message, userError: err instanceof UserError } satisfies WorkerMessage);
});
