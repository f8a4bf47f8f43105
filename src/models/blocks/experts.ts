import * as tf from '@tensorflow/tfjs';
import { bankMix } from '../../ops/bank-mix';
import { gateMix } from '../../ops/gate-mix';
import { type Activation, type Dense, dense } from './dense';
import { addFlops } from '../flops';
import type { VariableStore } from './variable-store';

export interface ExpertBank {
  /** expert names per group, e.g. [['vtr_0'], ['vcr_0'], ['shared_0']] */
  readonly names: string[][];
  /** width of every expert's output */
  readonly units: number;
  /** per group, per expert: [batch, units] */
  apply(x: tf.Tensor2D): tf.Tensor2D[][];
  /**
   * Each gate's mixture Σ_e w[:, e]·E_e of the experts it names (indices into
   * `names.flat()`) → gates × [batch, units]. Every gate's `weights()` is
   * called after the experts are computed, in gate order.
   */
  mix(x: tf.Tensor2D, gates: BankGate[]): tf.Tensor2D[];
}

/** A gate over a bank: its softmax weights [batch, experts.length], computed when the bank asks, and the experts it mixes. */
export interface BankGate {
  weights(): tf.Tensor2D;
  experts: number[];
}

/**
 * Experts of one shape that all read the same input, in named groups (a task's
 * experts, the shared ones). The first layer of every expert is one fused
 * matmul `name/dense_0/kernel` [in, experts·units₀], split per expert;
 * deeper layers (experts are one layer in the paper) are per expert,
 * `name/<expert>/dense_i`. `apply` gives the experts as separate [batch,
 * units] tensors, which gates mix with a few elementwise ops (that beats a
 * [batch, experts, units] reduction on the WASM backend: no transposes);
 * `mix` gives gates' mixtures, and with one layer per expert (the paper's)
 * mixes the fused layer's output in place (src/ops/bank-mix.ts).
 */
export function expertBank(
  store: VariableStore,
  name: string,
  inDim: number,
  groups: { prefix: string; count: number }[],
  widths: number[],
  activation: Activation,
): ExpertBank {
  const s = store.scope(name);
  const names = groups.map((g) => Array.from({ length: g.count }, (_, i) => `${g.prefix}_${i}`));
  const all = names.flat();
  const n = all.length;
  const first = dense(s, 'dense_0', inDim, n * widths[0], activation);
  const deeper: Dense[][] = all.map((e) => {
    const layers: Dense[] = [];
    for (let i = 1; i < widths.length; i++) {
      layers.push(dense(s.scope(e), `dense_${i}`, widths[i - 1], widths[i], activation));
    }
    return layers;
  });
  const units = widths[widths.length - 1];
  const counts = groups.map((g) => g.count);
  const experts = (x: tf.Tensor2D) => {
    const h = first.apply(x); // [batch, experts·units₀]
    const each = n === 1 ? [h] : (tf.split(h, n, 1) as tf.Tensor2D[]); // experts × [batch, units₀]
    return each.map((e, i) => deeper[i].reduce((a, l) => l.apply(a), e)); // experts × [batch, units]
  };
  return {
    names,
    units,
    apply: (x) => {
      const outs = experts(x);
      let at = 0;
      return counts.map((c) => outs.slice(at, (at += c)));
    },
    mix: (x, gates) => {
      for (const g of gates) addFlops(2 * x.shape[0] * g.experts.length * units);
      if (widths.length === 1) {
        const h = first.apply(x);
        return bankMix(
          h,
          gates.map((g) => g.weights()),
          gates.map((g) => g.experts),
          units,
        );
      }
      const outs = experts(x);
      return gates.map((g) => gateMix(g.weights(), g.experts.map((i) => outs[i])));
    },
  };
}
