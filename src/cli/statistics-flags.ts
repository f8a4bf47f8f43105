import type { Argv } from 'yargs';
import type { StudyConfig } from '../config/types';
import { UserError } from '../errors';
import type { SummaryOptions } from '../study/summary';

/** `--correction`, `--alpha`, `--interval`, `--against`: read a finished run with other statistics than its config's. */
export function statisticsFlags<T>(y: Argv<T>) {
  return y
    .option('correction', { choices: ['holm', 'bh', 'none'] as const, describe: "multiple-testing correction (default: the run's study.correction, holm)" })
    .option('alpha', { type: 'number', describe: "a gain is firm when its adjusted p is below this (default: the run's study.alpha, 0.05)" })
    .option('interval', { choices: ['seeds', 'seeds+test'] as const, describe: "what intervals cover (default: the run's study.interval, seeds+test)" })
    .option('against', { type: 'string', describe: 'measure every gain against this model of the run instead of single_task (e.g. mmoe)' });
}

/** The flags given, as study settings (validated like the config's own). */
export function statisticsOverrides(args: { correction?: StudyConfig['correction']; alpha?: number; interval?: StudyConfig['interval']; against?: string }): SummaryOptions {
  if (args.alpha !== undefined && !(args.alpha > 0 && args.alpha < 0.5)) throw new UserError(`--alpha: expected a number between 0 and 0.5, got ${args.alpha}`);
  return { correction: args.correction, alpha: args.alpha, interval: args.interval, against: args.against };
}
