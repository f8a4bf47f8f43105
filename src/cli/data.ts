import * as path from 'node:path';
import type { Argv } from 'yargs';
import { loadConfig } from '../config/load';
import { dataGenerate, dataImport, dataInspect, renderInspect } from '../commands/data';
import { pathFlag } from './flags';

export function registerData(cli: Argv): void {
  cli.command('data', 'generate, import and inspect data sets (Arrow files under data/)', (y) =>
    y
      .command(
        'generate <config>',
        "generate the config's data set (reused when its parameters and seed match)",
        (c) =>
          c
            .positional('config', { type: 'string', demandOption: true })
            .option('force', { type: 'boolean', default: false, describe: 'regenerate even when a matching file exists' }),
        async (args) => {
          const cwd = args.cwd as string;
          const { config, dir } = await loadConfig(args.config as string, cwd);
          const r = await dataGenerate({ config, cwd, configDir: dir, force: args.force, notice: (m) => process.stderr.write(`${m}\n`) });
          const what = r.generated ? `generated ${r.rows.toLocaleString('en')} rows in ${r.seconds.toFixed(1)} s` : `up to date (${r.rows.toLocaleString('en')} rows)`;
          process.stdout.write(`${path.relative(cwd, r.path)}: ${what}\n`);
        },
      )
      .command(
        'import <file>',
        "check a CSV, Arrow or Parquet file against a config's columns and write it as Arrow",
        (c) =>
          c
            .positional('file', { type: 'string', demandOption: true })
            .option('config', { type: 'string', demandOption: true, requiresArg: true, coerce: pathFlag('--config'), describe: 'the config that names its columns' })
            .option('out', { type: 'string', requiresArg: true, coerce: pathFlag('--out'), describe: 'Arrow file to write (default: beside the input)' })
            .option('force', { type: 'boolean', default: false, describe: 'replace an existing file at --out (never the input or the config)' }),
        async (args) => {
          const cwd = args.cwd as string;
          const { config, file: configFile, dir } = await loadConfig(args.config, cwd);
          const r = await dataImport({ file: args.file as string, config, cwd, out: args.out, force: args.force, configFile });
          process.stdout.write(`${path.relative(cwd, r.path)}: ${r.rows.toLocaleString('en')} rows, all checks passed\n`);
          process.stdout.write(`to train on it: data.path: ${path.relative(dir, r.path)} in ${configFile} (or leave data.path on ${args.file}: ple run converts it once and reuses the conversion)\n`);
        },
      )
      .command(
        'inspect [file]',
        "rows per day, label rates, mask coverage and feature ranges of an Arrow file; with --config, of any file it reads (default its data.path): the split's parts, vocabularies and values unseen in the training rows, transforms",
        (c) =>
          c
            .positional('file', { type: 'string' })
            .option('config', { type: 'string', requiresArg: true, coerce: pathFlag('--config'), describe: 'a config: read the file as a run would' }),
        async (args) => {
          const cwd = args.cwd as string;
          const loaded = args.config === undefined ? undefined : await loadConfig(args.config, cwd);
          const result = await dataInspect({ file: args.file, cwd, config: loaded?.config, configDir: loaded?.dir });
          process.stdout.write(`${renderInspect(result)}\n`);
        },
      )
      .demandCommand(1, 'say which: generate, import or inspect'),
  );
}
