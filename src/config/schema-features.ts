import { z } from 'zod';

const positiveInt = z.number().int().min(1);

/**
 * A numeric feature: a column name, or the name with how the column is
 * transformed before it reaches the network (statistics from the training
 * rows only, stored with the run).
 */
export const numericFeatureSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { name: value } : value),
  z
    .object({
      name: z.string().min(1),
      /** none: as in the file; standardize: (x − mean) / sd of the training rows; log1p: ln(1 + x), for x > −1 */
      transform: z.enum(['none', 'standardize', 'log1p']).default('none'),
      /** [low, high]: values are first clipped to this range */
      clip: z.tuple([z.number(), z.number()]).optional(),
    })
    .strict(),
);

export const featuresSchema = z
  .object({
    categorical: z
      .array(
        z
          .object({
            name: z.string().min(1),
            /**
             * given: the column holds integer ids in [0, vocab), used as they are;
             * omitted: any values (text or integers), mapped to ids by a
             * vocabulary built from the training rows (id 0: a value not seen there)
             */
            vocab: positiveInt.optional(),
            /** embedding width */
            dim: positiveInt,
          })
          .strict(),
      )
      .default([]),
    numeric: z.array(numericFeatureSchema).default([]),
  })
  .strict();
