import * as path from 'node:path';
import type { Argv } from 'yargs';
import { reportStudy } from '../commands/report-study';
import { readStudy, resolveRunDir } from '../results/run-dir';
import { statisticsFlags, statisticsOverrides } from './statistics-flags';
import { pathFlag } from './flags';

export function registerReport(cli: Argv): void {
  cli.command(
    'report [run]',
    'write a Markdown (or JSON) report of a run with its tables and SVG figures; a sweep gets a study-level report and one per point',
    (y) =>
      statisticsFlags(y)
        .positional('run', { type: 'string', describe: 'run directory or config name (default: the newest run)' })
        .option('format', { choices: ['markdown', 'json'] as const, default: 'markdown' as const })
        .option('out', { type: 'string', requiresArg: true, coerce: pathFlag('--out'), describe: 'folder to write into (default: the run directory)' })
        .option('results', { type: 'string', requiresArg: true, default: 'results', coerce: pathFlag('--results'), describe: 'results folder' }),
    async (args) => {
      const cwd = args.cwd as string;
      const statistics = statisticsOverrides(args);
      const dir = await resolveRunDir(args.run, path.resolve(cwd, args.results), cwd);
      const points = await readStudy(dir, { testOutputs: true });
      const result = await reportStudy({ points, dir, format: args.format, out: args.out, cwd, statistics });
      const main = path.join(result.dir, args.format === 'json' ? 'report.json' : 'report.md');
      process.stdout.write(`wrote ${path.relative(cwd, main)} and ${result.files.length - 1} more file(s)\n`);
    },
  );
}
