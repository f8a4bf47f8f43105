import { studySchema } from './schema';
import type { Config, StudyConfig } from './types';

/** The config's statistics settings, defaults filled (a run saved before they existed has none). */
export function studySettings(config: Pick<Config, 'study'>, overrides: Partial<StudyConfig> = {}): StudyConfig {
  return studySchema.parse({ ...(config.study ?? {}), ...stripUndefined(overrides) });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
