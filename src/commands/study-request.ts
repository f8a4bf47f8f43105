import { ConfigError, loadConfig } from '../config/load';
import { applyPoint, expandSweep, type SweepPoint } from '../config/sweep';
import type { Config } from '../config/types';
import { validateConfig } from '../config/validate';
import { applyOverrides, type RunOverrides } from './run-overrides';

/** What a command asks of a study: the config with the flags applied, and each sweep point's. */
export interface StudyRequest {
  /** the config file, as found */
  file: string;
  /** its folder, which its relative paths resolve against */
  dir: string;
  /** the raw config as written (the declared model order) */
  raw: unknown;
  config: Config;
  /** the sweep's points, or one keyed '' without a sweep */
  sweepPoints: SweepPoint[];
  /** each point's resolved config, in `sweepPoints` order */
  requests: Config[];
}

function resolve(raw: Record<string, unknown>, file: string): Config {
  const { config, errors } = validateConfig(raw);
  if (!config) throw new ConfigError(file, errors);
  return config;
}

/** Loads and checks a config with a command's `--models`/`--seeds`/`--seed`/`--data-seeds` applied, its sweep expanded. */
export async function loadStudyRequest(configPath: string, cwd: string, overrides: RunOverrides): Promise<StudyRequest> {
  const loaded = await loadConfig(configPath, cwd);
  const raw = applyOverrides(loaded.raw as Record<string, unknown>, overrides, loaded.file);
  const config = resolve(raw, loaded.file);
  const sweepPoints = config.sweep ? expandSweep(config.sweep) : [{ key: '', overrides: {} }];
  const requests = sweepPoints.map((p) => (config.sweep ? resolve(applyPoint(raw, p), loaded.file) : config));
  return { file: loaded.file, dir: loaded.dir, raw: loaded.raw, config, sweepPoints, requests };
}
