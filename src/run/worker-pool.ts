import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors';
import { packageRoot } from '../package-root';
import type { JobResult, StepProgress } from '../train/types';
import type { BackendRequest, JobExecutor, JobRequest } from './types';
import type { WorkerMessage } from './worker';

/** The compiled worker script (under ts-jest this file is the .ts source, so use the build's copy). */
function workerScript(): string {
  const compiled = __filename.endsWith('.ts') ? path.join(packageRoot(), 'dist/src/run/worker.js') : path.join(__dirname, 'worker.js');
  if (!existsSync(compiled)) throw new Error(`worker script ${compiled} is missing: run "npm run build"`);
  return compiled;
}

interface Slot {
  worker: Worker;
  backend: Promise<string>;
  busy: boolean;
}

function abortError(): Error {
  const err = new Error('interrupted');
  err.name = 'AbortError';
  return err;
}

/**
 * Runs jobs in `size` worker threads, one job per worker at a time. Each
 * worker picks its backend once; the data is shared, not copied.
 */
export async function workerPoolExecutor(size: number, backend: BackendRequest): Promise<JobExecutor> {
  const script = workerScript();
  const slots: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];

  for (let i = 0; i < size; i++) {
    const worker = new Worker(script, { workerData: { backend, jobs: size } });
    const ready = new Promise<string>((resolve, reject) => {
      const onMessage = (msg: WorkerMessage) => {
        if (msg.type === 'ready') resolve(msg.backend);
        else if (msg.type === 'error') reject(msg.userError ? new UserError(msg.message) : new Error(msg.message));
        else return;
        worker.off('message', onMessage);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    slots.push({ worker, backend: ready, busy: false });
  }
  // every worker's start is awaited (one that fails must not reject unhandled), and all end if one failed
  const started = await Promise.allSettled(slots.map((s) => s.backend));
  const failure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw failure.reason;
  }
  const backendName = (started[0] as PromiseFulfilledResult<string>).value;

  const acquire = (): Promise<Slot> => {
    const free = slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (slot: Slot) => {
    const next = waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  };

  const run = async (job: JobRequest, onProgress: (p: StepProgress) => void, signal: AbortSignal): Promise<JobResult> => {
    if (signal.aborted) throw abortError();
    const slot = await acquire();
    if (signal.aborted) {
      release(slot);
      throw abortError();
    }
    try {
      return await new Promise<JobResult>((resolve, reject) => {
        const finish = (err: Error | null, result?: JobResult) => {
          signal.removeEventListener('abort', onAbort);
          slot.worker.off('message', onMessage);
          slot.worker.off('error', onError);
          if (err) reject(err);
          else resolve(result!);
        };
        const onAbort = () => finish(abortError());
        const onError = (err: Error) => finish(err);
        const onMessage = (msg: WorkerMessage) => {
          if (msg.type === 'progress') onProgress(msg.progress);
          else if (msg.type === 'done') finish(null, msg.result);
          else if (msg.type === 'error') finish(new Error(msg.message));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        slot.worker.on('message', onMessage);
        slot.worker.once('error', onError);
        slot.worker.postMessage(job);
      });
    } finally {
      release(slot);
    }
  };

  return {
    backend: backendName,
    run,
    close: async () => {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
