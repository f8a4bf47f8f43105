import * as path from 'node:path';
import { writeJsonAtomic } from '../fs/atomic';
import { acquireLock } from '../fs/lock';
import { FILES } from './layout';
import { groupProvenance, type JobProvenance, type ProvenanceGroups } from './provenance';
import { readJsonIfPresent } from './read-json';
import { manifestShape } from './file-shapes';
import type { Manifest, WorldRecord } from './types';

/** Jobs' provenance by label, from the manifest's groups. */
export function provenanceByJob(groups: ProvenanceGroups | undefined): Map<string, JobProvenance> {
  return new Map((groups ?? []).flatMap((g) => g.jobs.map((job) => [job, g.provenance] as const)));
}

function unionBy<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, key: (item: T) => string): T[] | undefined {
  if (!a && !b) return undefined;
  const out = new Map<string, T>();
  for (const item of [...(a ?? []), ...(b ?? [])]) out.set(key(item), item);
  return [...out.values()];
}

/**
 * One manifest for what two processes recorded of the same run (two shards,
 * or shard directories merged): `later`'s fields, with the worlds, sweep
 * points' samples, job provenance and shards of both (`later`'s where both
 * have one), the earliest start and the latest finish.
 */
export function combineManifests(earlier: Manifest, later: Manifest): Manifest {
  const worlds = unionBy<WorldRecord>(earlier.worlds, later.worlds, (w) => String(w.seed))?.sort((x, y) => x.seed - y.seed);
  const provenance = new Map([...provenanceByJob(earlier.job_provenance), ...provenanceByJob(later.job_provenance)]);
  const shards = unionBy(earlier.shards, later.shards, (s) => `${s.shard} ${s.host} ${s.started_at}`);
  const finished = [earlier.finished_at, later.finished_at].filter((f): f is string => f !== undefined).sort();
  return {
    ...later,
    started_at: [earlier.started_at, later.started_at].sort()[0],
    ...(finished.length ? { finished_at: finished.at(-1) } : {}),
    ...(worlds ? { worlds } : {}),
    ...(earlier.point_samples || later.point_samples ? { point_samples: { ...earlier.point_samples, ...later.point_samples } } : {}),
    ...(provenance.size ? { job_provenance: groupProvenance(provenance) } : {}),
    ...(shards ? { shards } : {}),
  };
}

const DAMAGED = 'the run directory is damaged: `ple run --fresh` on its config starts a new run (this one stays as it is)';

/**
 * Writes what this process knows of a run into its `manifest.json`, combined
 * with what the file already holds, under `manifest.lock`: the shards of a
 * run write the one manifest in turn, none losing another's worlds or jobs.
 */
export async function writeSharedManifest(runDir: string, mine: Manifest): Promise<Manifest> {
  await using _lock = await acquireLock(path.join(runDir, 'manifest.lock'), { what: `${path.join(runDir, FILES.manifest)}`, wait: true });
  const file = path.join(runDir, FILES.manifest);
  const current = (await readJsonIfPresent(file, manifestShape, DAMAGED)) as Manifest | undefined;
  const combined = current ? combineManifests(current, mine) : mine;
  await writeJsonAtomic(file, combined);
  return combined;
}
