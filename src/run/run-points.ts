import * as path from 'node:path';
import type { SweepPoint } from '../config/sweep';
import type { Config, ModelConfig } from '../config/types';
import { storedConfigShape } from '../results/file-shapes';
import { FILES, pointDir } from '../results/layout';
import { readJsonIfPresent } from '../results/read-json';

/**
 * One sub-study of a run: a sweep point (key '' without a sweep) and its
 * folder; `request` is what this command asks for, `config` what the run
 * holds once it is done (written as the point's config.json).
 */
export interface Point {
  key: string;
  overrides: Record<string, unknown>;
  request: Config;
  config: Config;
  dir: string;
}

const DAMAGED = 'the run directory is damaged: `ple run --fresh` on its config starts a new run (this one stays as it is)';

/**
 * The points a command fills. A run's identity leaves out its models and
 * seeds (`studyIdentity`), so each command adds to what earlier ones left in
 * config.json: `config` is that merged with the request (`mergeRunConfig`).
 */
export async function planPoints(sweep: readonly SweepPoint[], requests: readonly Config[], runDir: string, declared: readonly string[], sweeping: boolean): Promise<Point[]> {
  const points: Point[] = [];
  for (const [i, p] of sweep.entries()) {
    const dir = sweeping ? pointDir(runDir, p.key) : runDir;
    const previous = (await readJsonIfPresent(path.join(dir, FILES.config), storedConfigShape, DAMAGED)) as Config | undefined;
    points.push({ ...p, request: requests[i], config: mergeRunConfig(previous, requests[i], declared), dir });
  }
  return points;
}

/**
 * What a run holds after `request`: every model trained in it so far — a
 * model asked for now with its definition now, the others as they were
 * trained — in the order the config file declares them (`declared`), every
 * seed and world asked for so far, and everything else as requested (the
 * study is the same by the run's identity; the statistics settings and the
 * outputs kept are the latest command's).
 */
export function mergeRunConfig(previous: Config | undefined, request: Config, declared: readonly string[]): Config {
  if (!previous) return request;
  const byName = new Map<string, ModelConfig>(previous.models.map((m) => [m.name, m]));
  for (const m of request.models) byName.set(m.name, m);
  const rank = (name: string) => (declared.includes(name) ? declared.indexOf(name) : declared.length);
  const models = [...byName.values()].sort((a, b) => rank(a.name) - rank(b.name));
  const union = (a: readonly number[], b: readonly number[]) => [...new Set([...a, ...b])].sort((x, y) => x - y);
  const dataSeeds = request.training.data_seeds ? { data_seeds: union(previous.training.data_seeds ?? [], request.training.data_seeds) } : {};
  return { ...request, models, training: { ...request.training, seeds: union(previous.training.seeds, request.training.seeds), ...dataSeeds } };
}

/** The model names a raw config declares, in order. */
export function declaredModels(raw: unknown): string[] {
  const models = (raw as { models?: unknown } | undefined)?.models;
  return Array.isArray(models) ? models.map((m) => String((m as { name?: unknown })?.name)) : [];
}
