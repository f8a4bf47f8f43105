import * as path from 'node:path';
import type { Argv } from 'yargs';
import { merge } from '../commands/merge';
import { gainTable } from '../report/table';
import { pathFlag } from './flags';

/** Flags of `ple merge` that take a value (the hidden --cwd included). */
const VALUE_FLAGS = ['--out', '--cwd'];

/**
 * The directories after `merge` as typed: yargs keeps only the last word of
 * a variadic positional when duplicate arguments do not make arrays (how
 * `main` parses, so a flag given twice takes its last value).
 */
function typedDirs(argv: readonly string[]): string[] {
  const words = argv.slice(argv.indexOf('merge') + 1);
  const dirs: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '--') return [...dirs, ...words.slice(i + 1)];
    if (VALUE_FLAGS.includes(words[i])) i++;
    else if (!words[i].startsWith('-')) dirs.push(words[i]);
  }
  return dirs;
}

/** `ple merge`: a sharded run's summary, or shard directories combined into one run. */
export function registerMerge(cli: Argv, argv: readonly string[]): void {
  cli.command(
    'merge <dirs..>',
    "write a sharded run's summary once every job is done (one run directory), or combine shard directories written with --shard-out into one new run (two or more)",
    (y) =>
      y
        .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'a run directory, or the shards\' --shard-out folders (or their run directories)' })
        .option('out', { type: 'string', requiresArg: true, coerce: pathFlag('--out'), describe: 'results folder for a run combined from shard directories (default: results)' }),
    async (args) => {
      const cwd = args.cwd as string;
      const outcome = await merge({ dirs: typedDirs(argv), cwd, out: args.out });
      for (const { key, summary } of outcome.summaries) process.stdout.write(`${key ? `\n== ${key} ==\n` : '\n'}${gainTable([summary])}\n`);
      const how = outcome.combined ? `combined from ${outcome.combined} shard directories` : 'summary written';
      process.stdout.write(`\nresults: ${path.relative(cwd, outcome.runDir) || outcome.runDir} (${how})\nreport:  ple report ${path.relative(cwd, outcome.runDir) || outcome.runDir}\n`);
    },
  );
}
