import { z } from 'zod';

/**
 * What a job's result depends on besides its own model and seed, stored
 * with the job (`metrics.json`) and gathered in the manifest, so a resume
 * never pairs jobs trained on other inputs.
 */
export const provenanceShape = z
  .object({
    /** sha256 of the data file the job trained and was tested on */
    data_sha256: z.string(),
    /** `backendIdentity` of the backend that trained it */
    backend: z.string(),
    ple_version: z.string(),
    /** sha256 of what the job depends on in the config: the study (`studyIdentity`) and its model's definition */
    config_sha256: z.string(),
  })
  .strict();

export type JobProvenance = z.output<typeof provenanceShape>;

/** The manifest's record of provenance: each distinct one with the jobs (`model/seed-N`, after `point/` in a sweep) that share it. */
export type ProvenanceGroups = { provenance: JobProvenance; jobs: string[] }[];

/**
 * The part of a backend's description that can change a result: its name
 * and kernel path (WebAssembly with SIMD or not, which sgemm, which CPU
 * kernels, which fused kernels). ple's own sgemm gives the same bits with
 * any thread count and with its AVX-512F micro-kernel as with its AVX2+FMA
 * one (both pinned by the tests), so its thread count is dropped and the two
 * kernels are one identity; OpenBLAS's threads are kept, since it rounds
 * differently with more threads.
 */
export function backendIdentity(backend: string): string {
  return backend.replace(/ple sgemm \(\d+ threads?, /g, 'ple sgemm (').replace(/ple sgemm \(AVX-512F/g, 'ple sgemm (AVX2+FMA');
}

const LABELS: Record<keyof JobProvenance, string> = {
  data_sha256: 'data file (sha256)',
  backend: 'backend',
  ple_version: 'ple version',
  config_sha256: 'resolved config (sha256)',
};

/**
 * What differs between the provenance a job would have now and the one it
 * was trained with, one line per field: `backend: "cpu (…)" then, "wasm
 * (…)" now`. An empty list means the job may be paired with new ones; a
 * job stored without provenance (by a ple before it recorded one) differs.
 */
export function provenanceDiff(expected: JobProvenance, recorded: JobProvenance | undefined): string[] {
  if (!recorded) return ['provenance: not recorded (trained by a ple that did not record its data, backend and version)'];
  const short = (key: keyof JobProvenance, v: string) => (key.endsWith('sha256') ? `${v.slice(0, 12)}…` : `"${v}"`);
  return (Object.keys(LABELS) as (keyof JobProvenance)[])
    .filter((key) => recorded[key] !== expected[key])
    .map((key) => `${LABELS[key]}: ${short(key, recorded[key])} then, ${short(key, expected[key])} now`);
}

/** Groups jobs by identical provenance, in first-seen order. */
export function groupProvenance(jobs: ReadonlyMap<string, JobProvenance>): ProvenanceGroups {
  const groups: ProvenanceGroups = [];
  for (const [job, provenance] of jobs) {
    const same = groups.find((g) => provenanceDiff(g.provenance, provenance).length === 0);
    if (same) same.jobs.push(job);
    else groups.push({ provenance, jobs: [job] });
  }
  return groups;
}
