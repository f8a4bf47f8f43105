import { createHash } from 'node:crypto';
import type { Config, ModelConfig } from '../config/types';
import { canonicalJson } from '../data/format';

/**
 * What a run is: its study — data, split, tasks, features, training — and
 * not the models and seeds one command asks for. Left out: the models (each
 * job is keyed by its model's arguments instead, `modelArgsHash`), the model
 * seeds and the list of worlds (each job is keyed by its seed and world;
 * whether there are data seeds at all stays, since it changes the layout),
 * the statistics settings (`study`: how jobs are read, not what they
 * trained), the description, and which outputs jobs keep
 * (`save_predictions`, `save_models`). So `ple run cfg --models a,b` and
 * later `ple run cfg --models c --seeds 5` fill one run, training only the
 * jobs it lacks.
 */
export function studyIdentity(config: Config): Record<string, unknown> {
  const { study: _study, models: _models, description: _description, training, ...study } = config;
  const { seeds: _seeds, data_seeds, save_predictions: _p, save_models: _m, ...trained } = training;
  return { ...study, training: { ...trained, data_seeds: data_seeds ? 'listed' : 'none' } };
}

/** Short hash of the study: runs of one study share it, which is how a later command finds the run to fill. */
export function configHash(config: Config): string {
  return sha256(canonicalJson(studyIdentity(config))).slice(0, 8);
}

/** Short hash of a model's architecture and resolved arguments: the folder its jobs live in, so changed arguments are other jobs. */
export function modelArgsHash(model: Pick<ModelConfig, 'arch' | 'args'>): string {
  return sha256(canonicalJson({ arch: model.arch, args: model.args })).slice(0, 8);
}

/** sha256 of what one job depends on besides its seed and data file: the study and its model's definition. */
export function jobConfigSha256(config: Config, model: Pick<ModelConfig, 'arch' | 'args'>): string {
  return sha256(canonicalJson({ study: studyIdentity(config), model: { arch: model.arch, args: model.args } }));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
