import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { tinyStudy } from '../commands/tiny-study';
import { colorEnabled } from '../../src/cli/color';
import { resolveConfigPath, shownPath } from '../../src/config/paths';

const BIN = path.resolve(__dirname, '../../bin/ple');
const ple = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });

describe('paths in a config resolve against the config file, wherever ple starts', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ple-paths-'));
  const study = path.join(root, 'study');
  const elsewhere = path.join(root, 'elsewhere');
  mkdirSync(path.join(study, 'configs', 'nested'), { recursive: true });
  mkdirSync(elsewhere);
  const config = path.join(study, 'configs', 'nested', 'tiny.yaml');
  writeFileSync(config, stringify(tinyStudy({ data: { ...(tinyStudy().data as object), path: '../../data/tiny.arrow' } })));

  test('resolveConfigPath and shownPath', () => {
    expect(resolveConfigPath({ dir: '/p/configs' }, '../data/x.csv')).toBe('/p/data/x.csv');
    expect(resolveConfigPath({ dir: '/p/configs' }, '/abs/x.csv')).toBe('/abs/x.csv');
    expect(shownPath('/p', '/p/data/x.csv')).toBe('data/x.csv');
    expect(shownPath('/p/a', '/p/data/x.csv')).toBe('../data/x.csv');
    expect(shownPath('/p/a/b/c', '/p/data/x.csv')).toBe('/p/data/x.csv');
  });

  test('`ple data generate` from another directory writes beside the config, and says where in the current directory\'s terms', () => {
    const result = ple(['data', 'generate', path.relative(elsewhere, config)], elsewhere);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(path.join(study, 'data', 'tiny.arrow'))).toBe(true);
    expect(existsSync(path.join(elsewhere, 'data'))).toBe(false);
    expect(result.stdout).toMatch(/^\.\.\/study\/data\/tiny\.arrow: generated/);
  });

  test('a missing data file is named as the current directory sees it', () => {
    const missing = path.join(study, 'configs', 'missing.yaml');
    writeFileSync(missing, stringify(tinyStudy({ name: 'missing', data: { source: 'file', path: '../data/none.csv' } })));
    const result = ple(['run', 'study/configs/missing.yaml'], root);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^ple: study\/data\/none\.csv \(data\.path\): no such file/);
    expect(readdirSync(root).sort()).toEqual(['elsewhere', 'study']);
  });
});

describe('colour codes only on a terminal', () => {
  test('colorEnabled', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({}, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  });

  test.each([
    ['ple models', ['models']],
    ['ple --help', ['--help']],
    ['ple data inspect --help', ['data', 'inspect', '--help']],
  ])('%s into a pipe prints no escape codes', (_name, args) => {
    const result = ple(args, os.tmpdir());
    expect(result.status).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(100);
    expect(result.stdout).not.toMatch(/\x1b\[/);
  });
});
