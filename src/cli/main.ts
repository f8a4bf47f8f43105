import yargs from 'yargs';
import { UserError } from '../errors';
import { registerCompare } from './compare';
import { registerData } from './data';
import { registerMerge } from './merge';
import { registerModels } from './models';
import { registerPlan } from './plan';
import { registerPredict } from './predict';
import { registerReport } from './report';
import { registerRun } from './run';
import { registerStatus } from './status';
import { ignoreClosedStdout } from './stdout';
import { systemErrorMessage } from './system-error';

/**
 * The command line: registers each command and is the only place that sets
 * the exit code — 0 ok, 2 bad config, data or flags, a damaged result, a
 * run another process holds, or the environment refusing (read-only or
 * full disk, no permission); 1 an unexpected failure; 130 / 143 / 129 a run
 * stopped by Ctrl-C / SIGTERM / SIGHUP.
 */
export async function main(argv: string[]): Promise<void> {
  ignoreClosedStdout();
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
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, err) => {
      // yargs' own errors (YError) are the user's, including those a flag's coerce threw
      if (err && err.name !== 'YError') throw err;
      throw new UserError(`${message ?? err?.message}\n(see ple --help)`);
    });
  registerRun(cli, argv);
  registerPlan(cli);
  registerStatus(cli);
  registerMerge(cli, argv);
  registerCompare(cli);
  registerReport(cli);
  registerData(cli);
  registerModels(cli);
  registerPredict(cli);
  try {
    await cli.parseAsync();
  } catch (err) {
    if (err instanceof UserError || (err as { exitCode?: number }).exitCode === 2) {
      process.stderr.write(`ple: ${(err as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    const environment = systemErrorMessage(err);
    if (environment) {
      process.stderr.write(`ple: ${environment}\n`);
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
