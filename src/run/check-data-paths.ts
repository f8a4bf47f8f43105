import { resolveConfigPath, shownPath, type ConfigPaths } from '../config/paths';
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
export async function checkDataPaths(configs: readonly Config[], paths: ConfigPaths): Promise<void> {
  const seen = new Set<string>();
  for (const config of configs) {
    for (const world of worldSeeds(config)) {
      const { data } = worldConfig(config, world);
      const file = resolveConfigPath(paths, data.path);
      const shown = shownPath(paths.cwd, file);
      if (seen.has(file)) continue;
      seen.add(file);
      if (!isGenerated(data.source)) {
        const problem = await notRegularFile(file);
        if (problem) throw new DataError(`${shown} (data.path): ${problem}`, { file: shown });
      } else if (!(await cacheMatches(file, { data }))) {
        await assertReplaceable(file, shown);
      }
    }
  }
}
