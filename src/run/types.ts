import type { Config, ModelConfig } from '../config/types';
import type { JobResult, SplitData, StepProgress } from '../train/types';

/** Which tfjs backend a run asks for: `auto` takes tfjs-node, else WASM, else the pure-JS CPU backend. */
export type BackendRequest = 'auto' | 'node' | 'wasm' | 'cpu';

/** Names one model × seed job (and its sweep point, when the config has a sweep; its world, when it has data seeds). */
export interface JobKey {
  point: string;
  model: string;
  seed: number;
  dataSeed?: number;
}

export interface JobRequest extends JobKey {
  config: Config;
  modelConfig: ModelConfig;
  data: SplitData;
}

/** Runs jobs, in this thread or in workers; `run` rejects with an AbortError when the signal fires. */
export interface JobExecutor {
  readonly backend: string;
  run(job: JobRequest, onProgress: (p: StepProgress) => void, signal: AbortSignal): Promise<JobResult>;
  close(): Promise<void>;
}

/** Where a run tells what it is doing; the CLI draws progress bars from it, tests pass a silent one. */
export interface RunReporter {
  info(message: string): void;
  jobStart(job: JobKey, position: { index: number; total: number }): void;
  jobProgress(job: JobKey, progress: StepProgress): void;
  jobEnd(job: JobKey, result: JobResult): void;
}

export const silentReporter: RunReporter = {
  info: () => undefined,
  jobStart: () => undefined,
  jobProgress: () => undefined,
  jobEnd: () => undefined,
};
