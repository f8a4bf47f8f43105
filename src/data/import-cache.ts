import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { shownPath } from '../config/paths';
import { splitDays, splitKind } from '../config/split-kind';
import type { Config } from '../config/types';
import { acquireLock } from '../fs/lock';
import { notRegularFile } from '../fs/regular-file';
import { sha256File } from '../fs/sha256';
import { removeStaleTemps } from '../fs/stale-temps';
import { readArrow, readArrowMetadata, writeArrow } from './arrow';
import { columnNeeds } from './check';
import { FORMAT_VERSION, META, canonicalJson } from './format';
import { importFile } from './import';
import type { FileFormat } from './import-sources';
import type { Dataset } from './types';

type ImportConfig = Pick<Config, 'data' | 'features' | 'tasks' | 'split'>;

/**
 * A user's CSV or Parquet file, converted once: `ple run` writes the
 * imported data set as Arrow under `cacheDir` (`results/.data-cache/`), named
 * by the file's name and a key over its sha256 and what the import reads
 * (the columns and their kinds, the format, the split's day column and
 * days), and reads that instead while both match — so editing the file or
 * the columns a config reads converts it again, and nothing else does. The
 * cache file is locked while it is checked or written, so runs that share
 * it take turns. The sha256 returned is the source file's.
 */
export async function importCached(
  file: string,
  format: FileFormat,
  config: ImportConfig,
  shown: string,
  options: { cacheDir: string; cwd: string; notice?: (message: string) => void },
): Promise<{ dataset: Dataset; sha256: string; cached: boolean }> {
  const sha256 = await sha256File(file);
  const key = createHash('sha256').update(canonicalJson({ source: sha256, import: importSpec(config, format) })).digest('hex').slice(0, 16);
  const cache = path.join(options.cacheDir, `${path.basename(file)}.${key}.arrow`);
  await using _lock = await acquireLock(`${cache}.lock`, { what: shownPath(options.cwd, cache), wait: true, notice: options.notice });
  await removeStaleTemps(options.cacheDir, { of: [path.basename(cache)] });
  if (await usable(cache, sha256, key)) return { dataset: readArrow(cache), sha256, cached: true };
  const dataset = await importFile(file, config, shown);
  await writeArrow(cache, { ...dataset, metadata: { ...dataset.metadata, [META.sourceSha256]: sha256, [META.importKey]: key } });
  return { dataset, sha256, cached: false };
}

/** What an import of this file for this config depends on, besides the file's bytes. */
function importSpec(config: ImportConfig, format: FileFormat): unknown {
  const byDay = splitKind(config.split) === 'days';
  return {
    format_version: FORMAT_VERSION,
    format,
    columns: columnNeeds(config).map((n) => [n.name, n.kind, n.vocab ?? null, n.unitInterval ?? false]),
    masks: config.tasks.map((t) => [t.label, t.mask ?? null]),
    days: byDay ? { column: config.data.file?.day_column ?? 'day', ...splitDays(config.split) } : null,
  };
}

async function usable(cache: string, sha256: string, key: string): Promise<boolean> {
  if ((await notRegularFile(cache)) !== undefined) return false;
  try {
    const metadata = await readArrowMetadata(cache);
    return metadata[META.sourceSha256] === sha256 && metadata[META.importKey] === key;
  } catch {
    return false; // cut short or damaged: convert again
  }
}
