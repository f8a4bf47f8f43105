import { z } from 'zod';

const day = z.number().int().min(1);

/**
 * Which rows train, select and test, in one of three ways (`splitKind`):
 * by day (`train_days` + `test_days`), by a column of the data (`column`),
 * or at random (`random`). No test row ever reaches training or model
 * selection; the validation rows are the same for every model seed.
 */
export const splitSchema = z
  .object({
    train_days: z.array(day).min(1).optional(),
    test_days: z.array(day).min(1).optional(),
    /** a column whose values say each row's part: train, validation or test (a user's file) */
    column: z.string().min(1).optional(),
    /** a seeded random split */
    random: z
      .object({
        /** fraction of the rows (of the groups, with `group`) that are the test set */
        test: z.number().gt(0).lt(1),
        /** seed of the draw (test and validation rows) */
        seed: z.number().int().default(1),
        /** a column (e.g. a user id) whose rows all go to the same part */
        group: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** hold out part of the training rows for early stopping and model selection */
    validation: z
      .object({
        /** day splits: training days the validation rows are drawn from (default: the last train day) */
        days: z.array(day).min(1).optional(),
        /** fraction of those rows held out (of the groups, for a grouped random split) */
        fraction: z.number().gt(0).max(1),
      })
      .strict()
      .optional(),
  })
  .strict();
