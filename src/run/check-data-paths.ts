import * as path from 'node:path';
import type { Config } from '../config/types';
import { worldConfig, worldSeeds } from '../config/worlds';
import { DataError } from '../data/errors';
import { assertReplaceable } from '../data/generated-file';
import { isGenerated } from '../data/generators';
import { cacheMatches } from '../data/load';
import { notRegularFile } from '../fs/regular-file';

/**
 * Refuses, before a run claims a directory or starts a worker, a data path
 * it could not use: a user's file that is not a regular file, or a
 * generated source's path that holds something ple did not generate (which
 * it would otherwise find only when it comes to that point and world).
 */
export async function checkDataPaths(configs: readonly Config[], cwd: string): Promise<void> {
  const seen = new Set<string>();
  for (const config of configs) {
    for (const world of worldSeeds(config)) {
      const { data } = worldConfig(config, world);
      const file = path.resolve(cwd, data.path);
      if (seen.has(file)) continue;
      seen.add(file);
      if (!isGenerated(data.source)) {
        const problem = await notRegularFile(file);
        if (problem) throw new DataError(`${data.path} (data.path): ${problem}`, { file: data.path });
      } else if (!(await cacheMatches(file, { data }))) {
        await assertReplaceable(file, data.path);
      }
    }
  }
}
