import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTempName, tempName, writeFileAtomic } from '../../src/fs/atomic';
import { makeDirs } from '../../src/fs/make-dirs';
import { removeStaleTemps } from '../../src/fs/stale-temps';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ple-fs-'));

describe('temporary files', () => {
  it('parses the names writeFileAtomic makes, and no others', () => {
    expect(parseTempName(path.basename(tempName('/x/metrics.json', 1234)))).toEqual({ file: 'metrics.json', pid: 1234 });
    for (const name of ['metrics.json', 'a.tmp', 'a.12.xyzxyzxy.tmp', 'a.12.0123abcd.tmp.bak']) expect(parseTempName(name)).toBeUndefined();
  });

  it("removes only dead writers' temporaries, in subfolders when asked, of the named files when asked", async () => {
    const root = path.join(dir, 'run');
    mkdirSync(path.join(root, 'jobs', 'ple'), { recursive: true });
    const dead = (f: string) => `${f}.999999999.0123abcd.tmp`;
    const files = {
      top: path.join(root, dead('manifest.json')),
      deep: path.join(root, 'jobs', 'ple', dead('metrics.json')),
      live: path.join(root, `config.json.${process.pid}.0123abcd.tmp`),
      user: path.join(root, 'notes.tmp'),
    };
    for (const f of Object.values(files)) writeFileSync(f, 'x');
    expect(await removeStaleTemps(root, { of: ['config.json'] })).toEqual([]);
    expect(await removeStaleTemps(root)).toEqual([files.top]);
    expect(await removeStaleTemps(root, { recursive: true })).toEqual([files.deep]);
    expect([files.live, files.user].every((f) => existsSync(f))).toBe(true);
    expect(await removeStaleTemps(path.join(dir, 'absent'))).toEqual([]);
  });
});

describe('makeDirs', () => {
  it('makes missing levels and accepts existing folders', async () => {
    await makeDirs(path.join(dir, 'a', 'b', 'c'));
    await makeDirs(path.join(dir, 'a', 'b'));
    expect(existsSync(path.join(dir, 'a', 'b', 'c'))).toBe(true);
  });

  it('names the part of the path that is a file (ENOTDIR)', async () => {
    writeFileSync(path.join(dir, 'file'), 'x');
    await expect(makeDirs(path.join(dir, 'file'))).rejects.toMatchObject({ code: 'ENOTDIR', path: path.join(dir, 'file') });
    await expect(makeDirs(path.join(dir, 'file', 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(writeFileAtomic(path.join(dir, 'file', 'x.json'), '{}')).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('ends where a parent refuses children with ENOENT (Node 20\'s recursive mkdir spins forever there)', async () => {
    await expect(makeDirs('/proc/ple-no-such/sub')).rejects.toMatchObject({ code: 'ENOENT', path: '/proc/ple-no-such' });
  });
});
