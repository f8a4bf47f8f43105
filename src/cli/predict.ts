import * as path from 'node:path';
import type { Argv } from 'yargs';
import { predict } from '../commands/predict';
import { pathFlag, seedFlag } from './flags';

/** `ple predict`: score a new file with a run's saved model. */
export function registerPredict(cli: Argv): void {
  cli.command(
    'predict <run> <file>',
    "score a file with one job's saved model (training.save_models) and its run's vocabularies and statistics; writes Arrow predictions",
    (y) =>
      y
        .positional('run', { type: 'string', demandOption: true, describe: 'a run directory, or a config name (its newest run)' })
        .positional('file', { type: 'string', demandOption: true, describe: 'CSV, Parquet or Arrow file with the columns the run reads (labels optional)' })
        .option('model', { type: 'string', demandOption: true, requiresArg: true, describe: 'the model (its name in the config)' })
        .option('seed', { type: 'string', demandOption: true, requiresArg: true, coerce: seedFlag('--seed'), describe: 'the job\'s model seed' })
        .option('data-seed', { type: 'string', requiresArg: true, coerce: seedFlag('--data-seed'), describe: 'the job\'s world, in a run with data seeds' })
        .option('point', { type: 'string', requiresArg: true, describe: 'the sweep point, in a run with a sweep' })
        .option('out', { type: 'string', requiresArg: true, coerce: pathFlag('--out'), describe: 'Arrow file to write (default: <file>.<model>.seed-<seed>.predictions.arrow here)' })
        .option('force', { type: 'boolean', default: false, describe: 'replace an existing file at --out (never the input)' })
        .option('results', { type: 'string', requiresArg: true, default: 'results', coerce: pathFlag('--results'), describe: 'results folder a config name is looked up in' })
        .option('backend', { choices: ['auto', 'node', 'wasm', 'cpu'] as const, default: 'auto' as const, describe: 'tfjs backend (use the run\'s for the same bits)' }),
    async (args) => {
      const cwd = args.cwd as string;
      const r = await predict({
        run: args.run as string,
        file: args.file as string,
        model: args.model,
        seed: args.seed,
        dataSeed: args.dataSeed,
        point: args.point,
        out: args.out,
        force: args.force,
        results: args.results,
        backend: args.backend,
        cwd,
      });
      for (const warning of r.warnings) process.stderr.write(`warning: ${warning}\n`);
      const unseen = r.unseen.filter((u) => u.rows > 0).map((u) => `${u.name} ${u.rows.toLocaleString('en')}`);
      process.stdout.write(`${path.relative(cwd, r.path) || r.path}: ${r.rows.toLocaleString('en')} rows scored${unseen.length ? `; rows with a category the training rows never had (scored as unseen): ${unseen.join(', ')}` : ''}\n`);
    },
  );
}
