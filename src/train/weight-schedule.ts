import type { TaskConfig } from '../config/types';

/** ω_k(t) = ω_k,0 · γ_k^t, with t the 0-based epoch (PLE paper, §4.4). */
export function lossWeight(initial: number, gamma: number, epoch: number): number {
  return initial * Math.pow(gamma, epoch);
}

/** Every task's loss weight in one epoch, keyed by task name. */
export function taskWeights(tasks: Pick<TaskConfig, 'name' | 'weight' | 'gamma'>[], epoch: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tasks) out[t.name] = lossWeight(t.weight, t.gamma, epoch);
  return out;
}
