import * as tf from '@tensorflow/tfjs';

/** How a variable starts. Glorot/He are the uniform variants (fan-in, fan-out from the first and last dimension). */
export type Init =
  | 'glorot'
  | 'he'
  | 'zeros'
  | { uniform: number }
  | { values: number[] };

let instances = 0;

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
 * hash(`<model seed>/<logical name>`), so the same seed gives the same weights.
 */
export class VariableStore {
  private constructor(
    private readonly seed: number,
    private readonly instance: string,
    private readonly prefix: string,
    readonly variables: tf.Variable[],
  ) {}

  static create(arch: string, seed: number): VariableStore {
    instances += 1;
    return new VariableStore(seed, `${arch}_${instances}`, '', []);
  }

  scope(name: string): VariableStore {
    if (name === '') return this;
    return new VariableStore(this.seed, this.instance, this.join(name), this.variables);
  }

  variable(name: string, shape: number[], init: Init): tf.Variable {
    const logical = this.join(name);
    const value = initialValue(shape, init, hashString(`${this.seed}/${logical}`));
    const v = tf.variable(value, true, `${this.instance}/${logical}`);
    value.dispose();
    this.variables.push(v);
    return v;
  }

  private join(name: string): string {
    return this.prefix === '' ? name : `${this.prefix}/${name}`;
  }
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
