import * as path from 'node:path';
import type { Argv } from 'yargs';
import { report } from '../commands/report';
import { loadRuns } from './runs';

export function registerReport(cli: Argv): void {
  cli.command(
    'report [run]',
    'write a Markdown (or JSON) report of a run with its tables and SVG figures',
    (y) =>
      y
        .positional('run', { type: 'string', describe: 'run directory or config name (default: the newest run)' })
        .option('format', { choices: ['markdown', 'json'] as const, default: 'markdown' as const })
        .option('out', { type: 'string', describe: 'folder to write into (default: the run directory)' })
        .option('results', { type: 'string', default: 'results', describe: 'results folder' }),
    async (args) => {
      const cwd = args.cwd as string;
      const runs = await loadRuns(args.run ? [args.run] : [], args.results, cwd);
      for (const run of runs) {
        const out = args.out && runs.length > 1 ? path.join(args.out, path.basename(run.dir)) : args.out;
        const result = await report({ run, format: args.format, out, cwd });
        process.stdout.write(`wrote ${result.files.map((f) => path.relative(cwd, f)).join(', ')}\n`);
      }
    },
  );
}
