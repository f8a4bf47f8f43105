import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseYaml } from '../src/config/load';
import { validateConfig } from '../src/config/validate';

const README = readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');

describe('the README', () => {
  test('its "your own data" config is a valid config', () => {
    const block = /```yaml\n(# configs\/shop\.yaml\n[\s\S]*?)```/.exec(README);
    expect(block).not.toBeNull();
    const { config, errors } = validateConfig(parseYaml(block![1], 'README.md'));
    expect(errors).toEqual([]);
    expect(config!.split.column).toBe('part');
    expect(config!.models.map((m) => m.args.dropout)).toEqual([0.1, 0.1]);
  });

  test('names every command the CLI has', () => {
    for (const command of ['ple run', 'ple compare', 'ple report', 'ple predict', 'ple data generate', 'ple data import', 'ple data inspect', 'ple models', 'ple plan', 'ple status', 'ple merge']) expect(README).toContain(`\`${command}`);
  });
});
