import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { projectWith, tinyStudy } from '../commands/tiny-study';

const BIN = path.resolve(__dirname, '../../bin/ple');

describe("what `ple run` prints is ple's", () => {
  test('a worker pool run prints no tfjs banner (the parent counts parameters on the CPU backend)', () => {
    const { cwd, file } = projectWith(tinyStudy({ name: 'banner' }));
    const result = spawnSync(process.execPath, [BIN, 'run', file, '--jobs', '2'], { cwd, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/job\(s\) to run; 2 in parallel/);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toMatch(/TensorFlow\.js|install our node backend|^=+$/m);
  });
});
