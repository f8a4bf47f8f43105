import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

const DEPLOY = path.resolve(__dirname, '../../configs/deploy');

type Doc = Record<string, any>;

/** Every YAML document of a file under configs/deploy, parse errors failing the test. */
function documents(file: string): Doc[] {
  return parseAllDocuments(readFileSync(path.join(DEPLOY, file), 'utf8')).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as Doc;
  });
}

/** The claim behind the volume a pod mounts at `mountPath` (undefined when none is). */
function claimMountedAt(pod: Doc, mountPath: string): string | undefined {
  const mount = (pod.containers[0].volumeMounts ?? []).find((m: Doc) => m.mountPath === mountPath);
  const volume = (pod.volumes ?? []).find((v: Doc) => v.name === mount?.name);
  return volume?.persistentVolumeClaim?.claimName;
}

describe('the Kubernetes Indexed Job', () => {
  const docs = documents('kubernetes/ple-indexed-job.yaml');
  const job = docs.find((d) => d.kind === 'Job')!;
  const pod = job.spec.template.spec;
  const container = pod.containers[0];

  test('is an Indexed batch/v1 Job whose PLE_SHARD_COUNT equals its completions', () => {
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.spec.completionMode).toBe('Indexed');
    const count = container.env.find((e: Doc) => e.name === 'PLE_SHARD_COUNT');
    expect(Number(count.value)).toBe(job.spec.completions);
    expect(job.spec.parallelism).toBeLessThanOrEqual(job.spec.completions);
    // backoffLimitPerIndex is only accepted with restartPolicy Never.
    if (job.spec.backoffLimitPerIndex !== undefined) expect(pod.restartPolicy).toBe('Never');
  });

  test('runs its shard from the environment into the shared claim mounted at --out', () => {
    const args: string[] = container.args;
    expect(args.slice(0, 2)).toEqual(['run', 'configs/vtr-vcr.yaml']);
    expect(args).toContain('--shard-from-env');
    const out = args[args.indexOf('--out') + 1];
    expect(out).toBe('/results');
    expect(claimMountedAt(pod, out)).toBe('ple-results');
    const claim = docs.find((d) => d.kind === 'PersistentVolumeClaim' && d.metadata.name === 'ple-results');
    expect(claim?.spec.accessModes).toContain('ReadWriteMany');
    expect(container.resources.requests.cpu).toBe('2');
  });

  test('its merge Job mounts the same claim where the shards wrote', () => {
    const [merge] = documents('kubernetes/ple-merge-job.yaml');
    const mergePod = merge.spec.template.spec;
    expect(merge.kind).toBe('Job');
    expect(mergePod.containers[0].args.join(' ')).toContain('ple merge "$(ls -td /results/vtr-vcr/*/');
    expect(claimMountedAt(mergePod, '/results')).toBe('ple-results');
  });
});

describe('the Slurm array script', () => {
  const file = path.join(DEPLOY, 'slurm/ple-array.sbatch');
  const script = readFileSync(file, 'utf8');

  test('is valid bash', () => {
    const check = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  test('runs its shard from the environment into $PLE_RESULTS', () => {
    const command = script.split('\n').find((line) => /^exec node /.test(line));
    expect(command).toContain(' run "$CONFIG" --shard-from-env');
    expect(command).toContain('--out "$PLE_RESULTS"');
    expect(script).toMatch(/^set -euo pipefail$/m);
    expect(script).toMatch(/^#SBATCH --array=0-3$/m);
  });
});
