import Table from 'cli-table3';
import type { Argv } from 'yargs';
import { plan } from '../commands/plan';
import { RUN_LIMITS } from '../run/run-limits';
import { tableStyle } from './color';
import { intFlag, listFlag, seedFlag } from './flags';

/** `ple plan`: the job list `ple run` numbers and `--shard` splits. */
export function registerPlan(cli: Argv): void {
  cli.command(
    'plan <config>',
    'print the study\'s jobs in the fixed order `ple run --shard I/N` splits (index mod N), with each job\'s folder in the run',
    (y) =>
      y
        .positional('config', { type: 'string', demandOption: true, describe: 'study config (YAML)' })
        .option('models', { type: 'string', requiresArg: true, coerce: listFlag('--models', 'model names'), describe: 'as for ple run' })
        .option('seeds', { type: 'string', requiresArg: true, coerce: intFlag('--seeds', RUN_LIMITS.seeds), describe: 'as for ple run' })
        .option('seed', { type: 'string', requiresArg: true, coerce: seedFlag('--seed'), describe: 'as for ple run' })
        .option('data-seeds', { type: 'string', requiresArg: true, coerce: intFlag('--data-seeds', RUN_LIMITS.dataSeeds), describe: 'as for ple run' })
        .option('shards', { type: 'string', requiresArg: true, coerce: intFlag('--shards', { min: 1, max: 100_000 }), describe: 'also show which of N shards runs each job' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
        .conflicts('seed', 'seeds'),
    async (args) => {
      const result = await plan({ config: args.config as string, cwd: args.cwd as string, models: args.models, seeds: args.seeds, seed: args.seed, dataSeeds: args.dataSeeds, shards: args.shards });
      if (args.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const sharded = result.shards !== undefined;
      const style = tableStyle();
      const head = ['index', ...(sharded ? ['shard'] : []), 'point', 'model', 'seed', 'data seed', 'folder in the run'];
      const table = new Table({ head, ...(style ? { style } : {}) });
      for (const j of result.jobs) table.push([j.index, ...(sharded ? [j.shard ?? ''] : []), j.point || '-', j.model, j.seed, j.data_seed ?? '-', j.path]);
      process.stdout.write(`${table.toString()}\n${result.jobs.length} job(s) of ${result.config_name}${sharded ? ` in ${result.shards} shard(s)` : ''}; ple run --shard I/N runs those whose index mod N is I\n`);
    },
  );
}
