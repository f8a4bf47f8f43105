import Table from 'cli-table3';
import type { Argv } from 'yargs';
import { MODELS } from '../models';
import { tableStyle } from './color';

/** `ple models`: the architectures a config can name, with their arguments' defaults. */
export function registerModels(cli: Argv): void {
  cli.command(
    'models',
    'list the architectures (the `arch` a config names) and their arguments with defaults',
    (y) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
    (args) => {
      const rows = Object.entries(MODELS).map(([arch, spec]) => ({
        arch,
        description: spec.description,
        defaults: spec.args.parse({}) as Record<string, unknown>,
      }));
      if (args.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const style = tableStyle();
      const table = new Table({ head: ['arch', 'what is shared', 'arguments (defaults)'], colWidths: [14, 44, 50], wordWrap: true, ...(style ? { style } : {}) });
      for (const r of rows) {
        table.push([r.arch, r.description, Object.entries(r.defaults).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')]);
      }
      process.stdout.write(`${table.toString()}\n`);
    },
  );
}
