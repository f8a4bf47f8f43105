import yargs from 'yargs';
import { UserError } from '../errors';
import { registerCompare } from './compare';
import { registerData } from './data';
import { registerModels } from './models';
import { registerReport } from './report';
import { registerRun } from './run';

/**
 * The command line: registers each command and is the only place that sets
 * the exit code — 0 ok, 2 bad config, data or flags, 1 an unexpected failure,
 * 130 interrupted.
 */
export async function main(argv: string[]): Promise<void> {
  const cli = yargs(argv)
    .scriptName('ple')
    .usage('$0 <command> [options]\n\nThe seesaw study of the PLE paper (Tang et al., RecSys 2020) on your machine.')
    .option('cwd', { type: 'string', default: process.cwd(), describe: 'project folder that paths are relative to', hidden: true })
    .demandCommand(1, 'say which command to run (see ple --help)')
    .recommendCommands()
    .strict()
    .help()
    .alias('h', 'help')
    .version(false)
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, err) => {
      if (err) throw err;
      throw new UserError(`${message}\n(see ple --help)`);
    });
  registerRun(cli);
  registerCompare(cli);
  registerReport(cli);
  registerData(cli);
  registerModels(cli);
  try {
    await cli.parseAsync();
  } catch (err) {
    if (err instanceof UserError || (err as { exitCode?: number }).exitCode === 2) {
      process.stderr.write(`ple: ${(err as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    const e = err as Error;
    process.stderr.write(`ple: unexpected failure: ${e?.message ?? String(err)}\n`);
    if (process.env.PLE_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
    else process.stderr.write('(set PLE_DEBUG=1 for the stack trace)\n');
    process.exitCode = 1;
  }
}
