import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { projectWith, tinyStudy } from '../commands/tiny-study';
import { cli } from './in-process';

const project = projectWith(tinyStudy());
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(project.cwd, file)), { recursive: true });
  writeFileSync(path.join(project.cwd, file), text);
};
write('configs/bad-yaml.yaml', 'name: x\ntasks: [\n  - oops: : :\n');
write('configs/bad-arch.yaml', stringify(tinyStudy({ models: [{ name: 'm', arch: 'mmeo' }] })));
write('configs/user-file.yaml', stringify(tinyStudy({ name: 'user-file', data: { source: 'file', path: '../data/logs.csv' } })));
write('data/logs.csv', 'day,user_id,category,autoplay,log_length,vtr,vcr\n1,1,2,0,1.5,1,0.5\n');
const rows = [1, 2, 3, 4, 5, 6, 7, 8].map((day) => `${day},1,2,0,1.5,${day === 2 ? 2 : 1},0.5,1`);
write('data/bad-label.csv', ['day,user_id,category,autoplay,log_length,vtr,vcr,viewed', ...rows].join('\n'));
write('results/not-a-run/.keep', '');

/** command line → expected exit code and a pattern its error output must match */
const CASES: [string, string[], number, RegExp][] = [
  ['missing config file', ['run', 'configs/nope.yaml'], 2, /configs\/nope\.yaml: no such file/],
  ['invalid YAML', ['run', 'configs/bad-yaml.yaml'], 2, /configs\/bad-yaml\.yaml: line \d+, column \d+: invalid YAML/],
  ['invalid config', ['run', 'configs/bad-arch.yaml'], 2, /configs\/bad-arch\.yaml: models\[0\]\.arch: unknown architecture "mmeo" \(did you mean "mmoe"\?\)/],
  ['unknown command', ['train', 'configs/tiny.yaml'], 2, /Unknown argument|Did you mean/i],
  ['unknown flag', ['run', 'configs/tiny.yaml', '--epochs', '3'], 2, /Unknown argument: epochs/],
  ['bad flag value', ['run', 'configs/tiny.yaml', '--backend', 'gpu'], 2, /Invalid values:[\s\S]*backend/],
  ['--models names an unknown model', ['run', 'configs/tiny.yaml', '--models', 'ple,mmeo'], 2, /--models: "mmeo" not in configs\/tiny\.yaml \(models: single_task, mmoe, ple\)/],
  ['an explicit backend that cannot start', ['run', 'configs/tiny.yaml', '--backend', 'node', '--jobs', '1'], 2, /--backend node: not available here \(node: .*\); use --backend auto/],
  ['--seeds of zero', ['run', 'configs/tiny.yaml', '--seeds', '0'], 2, /--seeds: expected an integer from 1 to 10,000, got 0/],
  ['a user file without a mask column', ['data', 'import', 'data/logs.csv', '--config', 'configs/user-file.yaml'], 2, /data\/logs\.csv: .*viewed/],
  ['a label outside its range', ['data', 'import', 'data/bad-label.csv', '--config', 'configs/user-file.yaml'], 2, /data\/bad-label\.csv: column "vtr", row 2/],
  ['inspect a missing file', ['data', 'inspect', 'data/none.arrow'], 2, /data\/none\.arrow/],
  ['generate for a file source', ['data', 'generate', 'configs/user-file.yaml'], 2, /nothing to generate/],
  ['compare before any run', ['compare'], 2, /no runs under .*results yet/],
  ['report on a folder that is not a run', ['report', 'results/not-a-run'], 2, /no run found for "results\/not-a-run"/],
  ['data without a subcommand', ['data'], 2, /generate, import or inspect/],
];

describe('the CLI on bad input', () => {
  it.each(CASES)('%s: a clear message and the exit code', async (_name, args, code, pattern) => {
    const result = await cli(args, project.cwd);
    expect(result.stderr).toMatch(pattern);
    expect(result.code).toBe(code);
    expect(result.stderr).not.toMatch(/^\s+at /m); // never a stack trace
  });

  it('lists every command in --help', async () => {
    const { stdout, code } = await cli(['--help'], project.cwd);
    expect(code).toBe(0);
    for (const command of ['run', 'compare', 'report', 'data', 'models']) expect(stdout).toContain(`ple ${command}`);
  });
});
