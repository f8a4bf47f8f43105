import type { Argv } from 'yargs';
import { compare } from '../commands/compare';
import { pathFlag } from './flags';
import { loadRuns } from './runs';
import { statisticsFlags, statisticsOverrides } from './statistics-flags';

export function registerCompare(cli: Argv): void {
  cli.command(
    'compare [runs..]',
    'print the gain / quadrant table of one or more runs side by side (default: the newest run)',
    (y) =>
      statisticsFlags(y)
        .positional('runs', { type: 'string', array: true, describe: 'run directories or config names (their newest run)' })
        .option('out', { type: 'string', requiresArg: true, default: 'results', coerce: pathFlag('--out'), describe: 'results folder' })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' }),
    async (args) => {
      const statistics = statisticsOverrides(args);
      const runs = await loadRuns((args.runs as string[] | undefined) ?? [], args.out, args.cwd as string);
      const { text } = await compare({ runs, json: args.json, statistics });
      process.stdout.write(`${text}\n`);
    },
  );
}
