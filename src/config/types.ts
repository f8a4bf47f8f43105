import type { ParsedConfig } from './schema';
import type { WeightingConfig } from './weighting-schema';

/** A model entry after validation: its architecture's arguments parsed, with defaults filled. */
export interface ModelConfig {
  name: string;
  arch: string;
  args: Record<string, unknown>;
  /** the model's own loss balancing, instead of `training.weighting` */
  weighting?: WeightingConfig;
}

/**
 * The resolved config: what a run uses and saves as `config.json`. `study`
 * is always there once validated, but a run written before it existed has
 * none: read it through `studySettings`.
 */
export interface Config extends Omit<ParsedConfig, 'models' | 'model_defaults' | 'study'> {
  models: ModelConfig[];
  study?: ParsedConfig['study'];
}

export type {
  DataConfig,
  FeaturesConfig,
  FileParams,
  NumericFeature,
  SplitConfig,
  StudyConfig,
  SyntheticParams,
  TaskConfig,
  TrainingConfig,
  VideoParams,
} from './schema';
