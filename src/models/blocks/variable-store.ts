import * as tf from '@tensorflow/tfjs';

/** How a variable starts. Glorot/He are the uniform variants (fan-in, fan-out from the first and last dimension). */
export type Init =
  | 'glorot'
  | 'he'
  | 'zeros'
  | { uniform: number }
  | { values: number[] };

let instances = 0;

/** Whether the model is training now (`MtlModel.apply` with `training`), and how many training passes it has made: the dropout masks' seed. */
export interface TrainingMode {
  training: boolean;
  step: number;
}

/** FNV-1a, 32 bits: a stable hash of a variable's name for its initialiser seed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Creates a model's variables under deterministic logical names
 * (`level_0_gate_vtr/kernel`). The engine name adds an instance prefix
 * (`ple_3/level_0_gate_vtr/kernel`) because tfjs refuses two live variables of
 * one name; `logicalName` strips it. Every initialiser's seed is
 * hash(`<model seed>/<role>`), where the role is the logical name less any
 * `namespace` (single-task's `net_<task>/`), so the same seed gives the same
 * weights, and a variable of one role and shape starts from the same values in
 * every architecture: the embedding tables and a tower of a given width are
 * drawn alike for the baseline and the multi-task models of a seed (common
 * random numbers), so gains paired by seed measure the architecture more than
 * the draw.
 */
export class VariableStore {
  private constructor(
    private readonly seed: number,
    private readonly instance: string,
    private readonly prefix: string,
    /** the prefix less namespaces: what initialisers are seeded by */
    private readonly role: string,
    readonly variables: tf.Variable[],
    /** the model's dropout rate, and its training mode (one object for the whole model) */
    readonly dropoutState: { rate: number; mode: TrainingMode },
  ) {}

  /** A model's store; `dropout` is its rate on every hidden layer while training (`blocks/dropout.ts`). */
  static create(arch: string, seed: number, dropout = 0): VariableStore {
    instances += 1;
    return new VariableStore(seed, `${arch}_${instances}`, '', '', [], { rate: dropout, mode: { training: false, step: 0 } });
  }

  /** Variables under `name/`, named and seeded by it. */
  scope(name: string): VariableStore {
    if (name === '') return this;
    return new VariableStore(this.seed, this.instance, join(this.prefix, name), join(this.role, name), this.variables, this.dropoutState);
  }

  /** Variables under `name/`, seeded as if outside it: one network of several alike (single-task's `net_<task>`). */
  namespace(name: string): VariableStore {
    return new VariableStore(this.seed, this.instance, join(this.prefix, name), this.role, this.variables, this.dropoutState);
  }

  /** The seed text of a layer's dropout masks: `<model seed>/<logical name>` (namespaces included: single-task's nets draw their own). */
  maskSeed(name: string): string {
    return `${this.seed}/${join(this.prefix, name)}`;
  }

  variable(name: string, shape: number[], init: Init): tf.Variable {
    const value = initialValue(shape, init, hashString(`${this.seed}/${join(this.role, name)}`));
    const v = tf.variable(value, true, `${this.instance}/${join(this.prefix, name)}`);
    value.dispose();
    this.variables.push(v);
    return v;
  }
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}/${name}`;
}

/** The deterministic name of a model variable, without its instance prefix. */
export function logicalName(v: tf.Variable): string {
  return v.name.slice(v.name.indexOf('/') + 1);
}

function initialValue(shape: number[], init: Init, seed: number): tf.Tensor {
  if (init === 'zeros') return tf.zeros(shape);
  if (typeof init === 'object' && 'values' in init) return tf.tensor(init.values, shape);
  const fanIn = shape.length > 1 ? shape[0] : 1;
  const fanOut = shape[shape.length - 1];
  const limit =
    init === 'glorot' ? Math.sqrt(6 / (fanIn + fanOut)) : init === 'he' ? Math.sqrt(6 / fanIn) : init.uniform;
  return tf.randomUniform(shape, -limit, limit, 'float32', seed);
}
