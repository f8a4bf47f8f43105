import { createHash } from 'node:crypto';
import type { Config } from '../config/types';
import { backendIdentity, type JobProvenance } from '../results/provenance';
import { packageVersions } from './manifest';

/**
 * What a job trained now, on this backend and data, records as its
 * provenance. The config's `study` section is left out: it decides how jobs
 * are read, not what they trained.
 */
export function jobProvenance(args: { backend: string; dataSha256: string; config: Config }): JobProvenance {
  const { study: _study, ...trained } = args.config;
  return {
    data_sha256: args.dataSha256,
    backend: backendIdentity(args.backend),
    ple_version: packageVersions().ple,
    config_sha256: createHash('sha256').update(JSON.stringify(trained)).digest('hex'),
  };
}
