import * as path from 'node:path';
import type { Argv } from 'yargs';
import { loadConfig } from '../config/load';
import { dataGenerate, dataImport, dataInspect, renderInspect } from '../commands/data';
import { dataImportPreset, PRESETS, type PresetName } from '../commands/data-preset';
import { UserError } from '../errors';
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
        'import <file> [second]',
        "check a CSV, Arrow or Parquet file against a config's columns and write it as Arrow; or, with --preset, turn a public data set's raw files into the study's format",
        (c) =>
          c
            .positional('file', { type: 'string', demandOption: true, describe: 'the file (with --config), or the preset\'s first raw file' })
            .positional('second', { type: 'string', describe: "the preset's second raw file (census-income: census-income.test)" })
            .option('config', { type: 'string', requiresArg: true, coerce: pathFlag('--config'), describe: 'the config that names its columns' })
            .option('preset', { choices: Object.keys(PRESETS) as PresetName[], describe: 'census-income: census-income.data census-income.test, the UCI files as published' })
            .option('out', { type: 'string', requiresArg: true, coerce: pathFlag('--out'), describe: 'Arrow file to write (default: beside the input; a preset: its config\'s data/ path)' })
            .option('force', { type: 'boolean', default: false, describe: 'replace an existing file at --out (never an input or the config)' })
            .conflicts('preset', 'config')
            .check((a) => {
              if (a.preset === undefined && a.config === undefined) throw new UserError('say which columns to read: --config <config>, or --preset <name>');
              if (a.preset === undefined && a.second !== undefined) throw new UserError('--config: import one file at a time');
              return true;
            }),
        async (args) => {
          const cwd = args.cwd as string;
          // two positionals, not a variadic one: yargs keeps only the last of a variadic's values under duplicate-arguments-array: false
          const files = [args.file as string, ...(args.second === undefined ? [] : [args.second as string])];
          if (args.preset !== undefined) {
            const r = await dataImportPreset({ preset: args.preset, files, cwd, out: args.out, force: args.force });
            const parts = Object.entries(r.parts).map(([part, n]) => `${n.toLocaleString('en')} ${part}`).join(', ');
            process.stdout.write(`${path.relative(cwd, r.path)}: ${r.rows.toLocaleString('en')} rows (${parts})\n`);
            return;
          }
          const { config, file: configFile, dir } = await loadConfig(args.config!, cwd);
          const r = await dataImport({ file: files[0], config, cwd, out: args.out, force: args.force, configFile });
          process.stdout.write(`${path.relative(cwd, r.path)}: ${r.rows.toLocaleString('en')} rows, all checks passed\n`);
          process.stdout.write(`to train on it: data.path: ${path.relative(dir, r.path)} in ${configFile} (or leave data.path on ${files[0]}: ple run converts it once and reuses the conversion)\n`);
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
