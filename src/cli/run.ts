import type { Argv } from 'yargs';
import { run } from '../commands/run';
import { gainTable } from '../report/table';
import { UserError } from '../errors';
import { RUN_LIMITS } from '../run/run-limits';
import { parseShard, shardFromEnv } from '../run/shard-env';
import type { RunReporter } from '../run/types';
import { intFlag, listFlag, pathFlag, seedFlag } from './flags';
import { barReporter, plainReporter } from './progress';
import { resumeCommand } from './resume-hint';
import { stopOnSignals } from './signals';

/** `argv`: the words after `ple`, for the resume hint. */
export function registerRun(cli: Argv, argv: readonly string[]): void {
  cli.command(
    'run <config>',
    "train the model × seed jobs of a config that its run lacks, evaluate on the test split, print the gain table (adds to, or resumes, the config's run)",
    (y) =>
      y
        .positional('config', { type: 'string', demandOption: true, describe: 'study config (YAML), e.g. configs/vtr-vcr.yaml' })
        .option('models', { type: 'string', requiresArg: true, coerce: listFlag('--models', 'model names'), describe: 'comma-separated subset of the config\'s model names' })
        .option('seeds', { type: 'string', requiresArg: true, coerce: intFlag('--seeds', RUN_LIMITS.seeds), describe: `use seeds 1..N instead of the config's (N up to ${RUN_LIMITS.seeds.max.toLocaleString('en')})` })
        .option('seed', { type: 'string', requiresArg: true, coerce: seedFlag('--seed'), describe: 'use this one seed' })
        .option('data-seeds', { type: 'string', requiresArg: true, coerce: intFlag('--data-seeds', RUN_LIMITS.dataSeeds), describe: 'generated data: train every model × seed in simulated worlds 1..N (intervals then cover world-to-world noise)' })
        .option('backend', { choices: ['auto', 'node', 'wasm', 'cpu'] as const, default: 'auto' as const, describe: 'tfjs backend (auto: tfjs-node, else WASM, else CPU)' })
        .option('out', { type: 'string', requiresArg: true, coerce: pathFlag('--out'), describe: 'results folder (default: results)' })
        .option('jobs', { type: 'string', requiresArg: true, coerce: intFlag('--jobs', RUN_LIMITS.jobs), describe: `model × seed jobs in parallel, ${RUN_LIMITS.jobs.min}-${RUN_LIMITS.jobs.max} (default: cores)` })
        .option('fresh', { type: 'boolean', default: false, describe: 'start a new run instead of resuming' })
        .option('shard', { type: 'string', requiresArg: true, coerce: (v: unknown) => parseShard(String(v)), describe: 'run only shard I of N (0-based): the jobs of `ple plan` whose index mod N is I, into the run the other shards fill' })
        .option('shard-from-env', { type: 'boolean', describe: 'take the shard from a Slurm array task (SLURM_ARRAY_TASK_ID/COUNT) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, PLE_SHARD_COUNT)' })
        .option('shard-out', { type: 'string', requiresArg: true, coerce: pathFlag('--shard-out'), describe: "this shard's own results folder, without a shared file system; combine the shards' folders with `ple merge DIR...`" })
        .conflicts('seed', 'seeds')
        .conflicts('shard', 'shard-from-env')
        .conflicts('shard-out', 'out'),
    async (args) => {
      const tty = Boolean(process.stderr.isTTY) && !process.env.CI;
      const reporter: RunReporter & { stop?: () => void } = tty ? barReporter(process.stderr) : plainReporter((line) => process.stdout.write(`${line}\n`));
      const envShard = args.shardFromEnv ? shardFromEnv(process.env) : undefined;
      const shard = args.shard ?? envShard;
      if (args.shardOut !== undefined && !shard) throw new UserError('--shard-out: say which shard this is, with --shard I/N or --shard-from-env');
      if (envShard) reporter.info(`shard ${envShard.index}/${envShard.count} from ${envShard.source}`);
      const stop = stopOnSignals((text) => process.stderr.write(text));
      try {
        const outcome = await run({
          config: args.config as string,
          cwd: args.cwd as string,
          out: args.shardOut ?? args.out,
          shard,
          models: args.models,
          seeds: args.seeds,
          seed: args.seed,
          dataSeeds: args.dataSeeds,
          backend: args.backend,
          jobs: args.jobs,
          fresh: args.fresh,
          reporter,
          signal: stop.signal,
        });
        reporter.stop?.();
        if (outcome.status === 'interrupted') {
          process.stderr.write(`interrupted: ${outcome.ran} job(s) finished this time are saved in ${outcome.runDir}\nresume with: ${resumeCommand(argv)}\n`);
          process.exitCode = stop.exitCode();
          return;
        }
        if (outcome.status === 'shard-done') {
          const rest = outcome.remaining ? `; ${outcome.remaining} job(s) of the run are still to finish elsewhere` : '';
          const next = args.shardOut !== undefined ? `combine the shards' folders with: ple merge ${args.shardOut} <the other shards' folders>` : 'the last shard to finish writes the summary';
          process.stdout.write(`shard ${outcome.shard!.index}/${outcome.shard!.count} done: ${outcome.ran} job(s) run, ${outcome.failed} failed, ${outcome.skipped} already done${rest}\n${next}\nstatus:  ple status ${outcome.runDir}\n`);
          return;
        }
        for (const { key, summary } of outcome.summaries) {
          process.stdout.write(`${key ? `\n== ${key} ==\n` : '\n'}${gainTable([summary])}\n`);
        }
        process.stdout.write(`\nresults: ${outcome.runDir}${outcome.wall_s ? ` (${outcome.wall_s.toFixed(0)} s, ${outcome.ran} job(s) run, ${outcome.failed} failed)` : ''}\nreport:  ple report ${outcome.runDir}\n`);
      } finally {
        reporter.stop?.();
        stop.dispose();
      }
    },
  );
}
