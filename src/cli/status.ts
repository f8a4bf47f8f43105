import * as path from 'node:path';
import Table from 'cli-table3';
import type { Argv } from 'yargs';
import { runStatus } from '../commands/status';
import { someJobs } from '../merge/combine-dirs';
import { resolveRunDir } from '../results/run-dir';
import { tableStyle } from './color';
import { pathFlag } from './flags';

/** `ple status`: a run's jobs per model, done, failed, running, damaged or missing. */
export function registerStatus(cli: Argv): void {
  cli.command(
    'status [run]',
    'show how far a run is: per model its done, failed, running (a live process holds the job), damaged and missing jobs, and the shards working in it',
    (y) =>
      y
        .positional('run', { type: 'string', describe: 'run directory or config name (default: the newest run)' })
        .option('results', { type: 'string', requiresArg: true, default: 'results', coerce: pathFlag('--results'), describe: 'results folder' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
    async (args) => {
      const cwd = args.cwd as string;
      const status = await runStatus(await resolveRunDir(args.run, path.resolve(cwd, args.results), cwd));
      if (args.json) {
        process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        return;
      }
      const style = tableStyle();
      const points = status.models.some((m) => m.point);
      const table = new Table({ head: [...(points ? ['point'] : []), 'model', 'done', 'failed', 'running', 'damaged', 'missing'], ...(style ? { style } : {}) });
      for (const m of status.models) table.push([...(points ? [m.point] : []), m.model, m.done, m.failed, m.running, m.damaged, m.missing]);
      const lines = [table.toString()];
      if (status.run_holder) lines.push(`working in it: ${status.run_holder}`);
      for (const s of status.live_shards) lines.push(`shard ${s.shard} working in it: ${s.holder}`);
      const left = status.unfinished.filter((j) => j.state !== 'running');
      if (left.length) lines.push(`not started or damaged: ${someJobs(left)}`);
      lines.push(status.complete ? `complete: summary.json holds all ${status.total} job(s)` : `${status.total - status.unfinished.length} of ${status.total} job(s) finished${status.summary ? ' (summary.json is from before the latest jobs were added)' : ''}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    },
  );
}
