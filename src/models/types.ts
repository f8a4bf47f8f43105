import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';

export type TaskType = 'binary' | 'regression';

export interface TaskHead {
  name: string;
  type: TaskType;
  /** regression only: squash the output with a sigmoid */
  sigmoidOutput: boolean;
  /** a binary task defined on the positives of an earlier one (conversion given click): that task's name */
  conditionalOn?: string;
}

export interface InputSpec {
  categorical: { name: string; vocab: number; dim: number }[];
  numeric: string[];
}

export interface BuildContext {
  input: InputSpec;
  tasks: TaskHead[];
  /** the job's model seed: every initialiser derives its seed from it deterministically */
  seed: number;
}

/** One mini-batch of model inputs. */
export interface Batch {
  /** int32 [batch, categorical features] */
  categorical: tf.Tensor2D;
  /** float32 [batch, numeric features] */
  numeric: tf.Tensor2D;
}

/** The softmax weights of one gate on a batch. */
export interface GateWeights {
  level: number;
  /** task name, or "shared" for PLE's shared gate */
  gate: string;
  /** names of the experts the gate mixes, in column order */
  experts: string[];
  /** [batch, experts]; rows sum to 1 */
  weights: tf.Tensor2D;
}

export interface ModelOutput {
  /** per task, [batch]: the logit for binary tasks; the prediction for regression tasks */
  outputs: tf.Tensor1D[];
  /** only when asked for, and only for gated models */
  gates?: GateWeights[];
  /** a loss term of this batch the architecture asks for (AITM's calibrator, DSelect-k's entropy); absent when none */
  penalty?: tf.Scalar;
}

export interface MtlModel {
  readonly arch: string;
  /**
   * all trainable variables, with deterministic logical names (`level_0_gate_vtr/kernel`);
   * the engine name adds a per-instance prefix (`ple_3/level_0_gate_vtr/kernel`) because
   * tfjs refuses two live variables of one name — `logicalName(v)` strips it
   */
  readonly variables: tf.Variable[];
  /** the outputs of a batch; `training`: a training pass (dropout on), `gates`: with the gate weights */
  apply(batch: Batch, options?: { gates?: boolean; training?: boolean }): ModelOutput;
  /** extra loss term of the weights the architecture asks for (sluice's subspace orthogonality); null when none */
  penalty(): tf.Scalar | null;
  /**
   * ESMM: a task conditional on another (`TaskHead.conditionalOn`) is trained
   * through the product of both probabilities over the parent's rows, not on
   * its own rows (Ma et al., SIGIR 2018)
   */
  readonly entireSpace?: boolean;
  dispose(): void;
}

/** One architecture: its arguments' schema, small smoke arguments for tests, and its builder. */
export interface ArchSpec<A = any> {
  /** one line: what is shared, and the paper it comes from */
  description: string;
  /** strict zod schema of the arguments (every field has a default), as written in YAML */
  args: z.ZodType<A, z.ZodTypeDef, unknown>;
  /** small arguments used by the registry-driven tests */
  smoke: Record<string, unknown>;
  build(args: A, ctx: BuildContext): MtlModel;
}
