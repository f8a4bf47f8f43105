import type * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../config/types';

/**
 * The learning rate of each step under `training.learning_rate_decay`:
 * `constant`, or `linear`, which falls from `learning_rate` at the first step
 * to `learning_rate / S` at the last of all S = epochs × steps-per-epoch
 * steps (fixed by the config, whether or not early stopping ends training
 * sooner). Why decay: with a constant rate the weights a job ends with are one
 * noisy iterate, and seed-to-seed noise hides gains the size of the paper's
 * (README, "What the VTR/VCR study shows").
 */
export function learningRateSchedule(
  training: Pick<TrainingConfig, 'learning_rate' | 'learning_rate_decay' | 'epochs'>,
  stepsPerEpoch: number,
): (epoch: number, step: number) => number {
  const base = training.learning_rate;
  if (training.learning_rate_decay === 'constant') return () => base;
  const total = training.epochs * stepsPerEpoch;
  return (epoch, step) => base * (1 - (epoch * stepsPerEpoch + step) / total);
}

/**
 * Sets the rate the optimizer's next `applyGradients` uses. tfjs's Adam and
 * Adagrad read their `learningRate` field at every step but do not expose a
 * setter; SGD has one (it also rebuilds its cached −rate scalar). Not
 * `instanceof tf.SGDOptimizer`: tfjs makes `instanceof` true for any optimizer.
 */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (rate: number) => void };
  if (o.learningRate === rate) return; // a constant schedule: SGD would rebuild its scalar every step
  if (typeof o.setLearningRate === 'function') o.setLearningRate(rate);
  else o.learningRate = rate;
}
