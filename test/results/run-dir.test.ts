import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { studySettings } from '../../src/config/study-settings';
import { findRun, freshRunDir, newRunId, resolveRunDir } from '../../src/results/run-dir';
import { configHash } from '../../src/results/study-identity';
import { TWO_TASKS, makeConfig } from '../study/fixtures';

const tinyStudyConfig = () => makeConfig(TWO_TASKS, [{ name: 'single_task', arch: 'single_task' }], [1, 2]);

/** results/<config>/<id>/manifest.json for each id; a summary.json marks a run finished. */
function resultsTree(runs: Record<string, { id: string; finished?: boolean }[]>): string {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'ple-runs-'));
  for (const [config, list] of Object.entries(runs)) {
    for (const { id, finished } of list) {
      const dir = path.join(cwd, 'results', config, id);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'manifest.json'), '{}');
      if (finished) writeFileSync(path.join(dir, 'summary.json'), '{}');
    }
  }
  return cwd;
}

describe('run directories', () => {
  const cwd = resultsTree({
    a: [{ id: '20260101-100000-aaaaaaaa', finished: true }, { id: '20260102-100000-aaaaaaaa' }],
    b: [{ id: '20260103-090000-bbbbbbbb', finished: true }],
  });
  const results = path.join(cwd, 'results');

  it('names runs by time and config hash', () => {
    expect(newRunId('abcd1234', new Date('2026-11-28T10:43:25Z'))).toBe('20261128-104325-abcd1234');
    const config = tinyStudyConfig();
    expect(configHash(config)).toBe(configHash(structuredClone(config)));
    expect(configHash({ ...config, training: { ...config.training, epochs: 9 } })).not.toBe(configHash(config));
    // the statistics decide how jobs are read, not what they trained: same run
    expect(configHash({ ...config, study: studySettings({}, { correction: 'bh', interval: 'seeds' }) })).toBe(configHash(config));
  });

  it('gives a fresh run a directory of its own when one of the same config started in the same second', async () => {
    const a = path.join(results, 'a');
    const at = new Date('2026-01-02T10:00:00Z'); // the second of 20260102-100000-aaaaaaaa
    const dir = await freshRunDir(a, 'aaaaaaaa', at);
    expect(path.basename(dir)).toBe('20260102-100000.002-aaaaaaaa');
    mkdirSync(dir);
    expect(path.basename(await freshRunDir(a, 'aaaaaaaa', at))).toBe('20260102-100000.003-aaaaaaaa');
    expect((await findRun(a, 'aaaaaaaa'))?.dir).toBe(dir); // the newest, though it sorts by name
    rmSync(dir, { recursive: true });
    expect(path.basename(await freshRunDir(a, 'aaaaaaaa', new Date('2026-01-02T10:00:01Z')))).toBe('20260102-100001-aaaaaaaa');
  });

  it('finds the newest run of a config hash and whether it finished', async () => {
    expect(await findRun(path.join(results, 'a'), 'aaaaaaaa')).toEqual({ dir: path.join(results, 'a', '20260102-100000-aaaaaaaa'), finished: false });
    expect(await findRun(path.join(results, 'a'), 'cccccccc')).toBeUndefined();
  });

  it.each([
    ['nothing: the newest run of any config', undefined, 'b/20260103-090000-bbbbbbbb'],
    ['a config name', 'a', 'a/20260102-100000-aaaaaaaa'],
    ["a config's folder", 'results/a', 'a/20260102-100000-aaaaaaaa'],
    ['a run directory', 'results/a/20260101-100000-aaaaaaaa', 'a/20260101-100000-aaaaaaaa'],
  ])('resolves %s', async (_what, arg, expected) => {
    expect(await resolveRunDir(arg, results, cwd)).toBe(path.join(results, expected));
  });

  it('says what it looked for when nothing matches', async () => {
    await expect(resolveRunDir('c', results, cwd)).rejects.toThrow(/no run found for "c"/);
  });
});
