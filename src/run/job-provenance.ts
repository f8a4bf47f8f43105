import type { Config, ModelConfig } from '../config/types';
import { backendIdentity, type JobProvenance } from '../results/provenance';
import { jobConfigSha256 } from '../results/study-identity';
import { packageVersions } from './manifest';

/**
 * What a job of `model` trained now, on this backend and data, records as
 * its provenance: the config part is what the job depends on (the study and
 * its model's definition, `jobConfigSha256`), not the other models, the
 * seeds or the statistics settings.
 */
export function jobProvenance(args: { backend: string; dataSha256: string; config: Config; model: Pick<ModelConfig, 'arch' | 'args'> }): JobProvenance {
  return {
    data_sha256: args.dataSha256,
    backend: backendIdentity(args.backend),
    ple_version: packageVersions().ple,
    config_sha256: jobConfigSha256(args.config, args.model),
  };
}
