import type { ParsedConfig } from './schema';

/** A model entry after validation: its architecture's arguments parsed, with defaults filled. */
export interface ModelConfig {
  name: string;
  arch: string;
  args: Record<string, unknown>;
}

/** The resolved config: what a run uses and saves as `config.json`. */
export interface Config extends Omit<ParsedConfig, 'models' | 'model_defaults'> {
  models: ModelConfig[];
}

export type {
  DataConfig,
  FeaturesConfig,
  FileParams,
  SplitConfig,
  SyntheticParams,
  TaskConfig,
  TrainingConfig,
  VideoParams,
} from './schema';
