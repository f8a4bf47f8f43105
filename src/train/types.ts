import type { Config, ModelConfig } from '../config/types';

/**
 * The rows of one part of the split (train, validation or test), packed
 * row-major for the trainer: built once per run and shared by every job.
 * The arrays may sit on SharedArrayBuffers so worker threads read them without a copy.
 */
export interface PackedData {
  rows: number;
  /** [rows × categorical features] ids */
  categorical: Int32Array;
  /** [rows × numeric features] */
  numeric: Float32Array;
  /** [rows × tasks] labels (0 where masked out) */
  labels: Float32Array;
  /** [rows × tasks] δ: 1 when the row belongs to the task */
  masks: Float32Array;
}

export interface SplitData {
  train: PackedData;
  /** empty (rows = 0) when the config has no validation slice */
  validation: PackedData;
  test: PackedData;
}

/** Test-day (or validation) metrics of one task, over the rows in the task only. */
export interface TaskMetrics {
  /** rows in the task */
  n: number;
  /** binary tasks */
  auc?: number;
  logloss?: number;
  /** regression tasks */
  mse?: number;
}

export interface EpochRecord {
  epoch: number;
  /** ω_k(t) used in this epoch */
  weights: Record<string, number>;
  /** mean training loss L_k per task over the epoch's batches */
  train_loss: Record<string, number>;
  /** Σ ω_k L_k (+ penalty) averaged over batches */
  total_loss: number;
  /** validation metrics, when there is a validation slice */
  validation?: Record<string, TaskMetrics>;
  /** validation Σ ω₀ L_k: the early-stopping criterion */
  validation_loss?: number;
  wall_s: number;
  samples_per_s: number;
}

/** Mean gate weight per expert on the test day. */
export interface GateStat {
  level: number;
  gate: string;
  experts: string[];
  mean: number[];
}

export interface JobFailure {
  epoch: number;
  step: number;
  message: string;
}

export interface JobResult {
  model: string;
  arch: string;
  seed: number;
  status: 'ok' | 'failed';
  failure?: JobFailure;
  /** per task, on the test day; empty when failed */
  metrics: Record<string, TaskMetrics>;
  history: EpochRecord[];
  /** epoch whose weights were evaluated (the best validation epoch with early stopping) */
  best_epoch: number;
  gates?: GateStat[];
  /**
   * per task, over the test rows in order: the output the metric scores (the
   * logit for binary tasks, the prediction for regression); when kept
   * (`keepsTestOutputs`), never in metrics.json
   */
  test_outputs?: Float32Array[];
  /** per task, over the validation rows in order, the same outputs; only with `training.save_predictions`, never in metrics.json */
  validation_outputs?: Float32Array[];
  /** the trained weights (the best epoch's with early stopping); only with `training.save_models`, never in metrics.json */
  weights?: SavedWeight[];
  /** the simulated world (data seed) of a run with `training.data_seeds`; absent otherwise */
  data_seed?: number;
  parameters: number;
  /** forward FLOPs per sample (`flopsPerSample`); absent in results written before it was counted */
  flops_per_sample?: number;
  wall_s: number;
  train_samples_per_s: number;
}

/** One trained variable: its logical name (`level_0_gate_vtr/kernel`), shape and values. */
export interface SavedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface StepProgress {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  samplesPerSecond: number;
}

/** Where training reports progress; the CLI draws bars from it, tests pass nothing. */
export interface TrainReporter {
  step?(progress: StepProgress): void;
  epoch?(record: EpochRecord): void;
}

export interface TrainJobOptions {
  config: Config;
  model: ModelConfig;
  seed: number;
  data: SplitData;
  reporter?: TrainReporter;
  /** stop between steps when aborted; the job then rejects with an AbortError */
  signal?: AbortSignal;
}
