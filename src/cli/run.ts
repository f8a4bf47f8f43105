import type { Argv } from 'yargs';
import { run } from '../commands/run';
import { gainTable } from '../report/table';
import type { RunReporter } from '../run/types';
import { barReporter, plainReporter } from './progress';

export function registerRun(cli: Argv): void {
  cli.command(
    'run <config>',
    'train every model × seed of a config, evaluate on the test day, print the gain table (resumes a partial run)',
    (y) =>
      y
        .positional('config', { type: 'string', demandOption: true, describe: 'study config (YAML), e.g. configs/vtr-vcr.yaml' })
        .option('models', { type: 'string', describe: 'comma-separated subset of the config\'s model names' })
        .option('seeds', { type: 'number', describe: 'use seeds 1..N instead of the config\'s' })
        .option('seed', { type: 'number', describe: 'use this one seed' })
        .option('data-seeds', { type: 'number', describe: 'generated data: train every model × seed in simulated worlds 1..N (intervals then cover world-to-world noise)' })
        .option('backend', { choices: ['auto', 'node', 'wasm', 'cpu'] as const, default: 'auto' as const, describe: 'tfjs backend (auto: tfjs-node, else WASM, else CPU)' })
        .option('out', { type: 'string', default: 'results', describe: 'results folder' })
        .option('jobs', { type: 'number', describe: 'model × seed jobs in parallel (default: cores)' })
        .option('fresh', { type: 'boolean', default: false, describe: 'start a new run instead of resuming' })
        .conflicts('seed', 'seeds'),
    async (args) => {
      const tty = Boolean(process.stderr.isTTY) && !process.env.CI;
      const reporter: RunReporter & { stop?: () => void } = tty ? barReporter(process.stderr) : plainReporter((line) => process.stdout.write(`${line}\n`));
      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write('\nstopping: finished jobs are kept (Ctrl-C again to quit at once)\n');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        const outcome = await run({
          config: args.config as string,
          cwd: args.cwd as string,
          out: args.out,
          models: args.models?.split(',').map((m) => m.trim()).filter(Boolean),
          seeds: args.seeds,
          seed: args.seed,
          dataSeeds: args.dataSeeds,
          backend: args.backend,
          jobs: args.jobs,
          fresh: args.fresh,
          reporter,
          signal: controller.signal,
        });
        reporter.stop?.();
        if (outcome.status === 'interrupted') {
          process.stderr.write(`interrupted: ${outcome.ran} job(s) finished this time are saved in ${outcome.runDir}\nresume with: ple run ${args.config as string}\n`);
          process.exitCode = 130;
          return;
        }
        for (const { key, summary } of outcome.summaries) {
          process.stdout.write(`${key ? `\n== ${key} ==\n` : '\n'}${gainTable([summary])}\n`);
        }
        process.stdout.write(`\nresults: ${outcome.runDir}${outcome.wall_s ? ` (${outcome.wall_s.toFixed(0)} s, ${outcome.ran} job(s) run, ${outcome.failed} failed)` : ''}\nreport:  ple report ${outcome.runDir}\n`);
      } finally {
        reporter.stop?.();
        process.off('SIGINT', onSigint);
      }
    },
  );
}
