import { describeSplit } from '../config/split-kind';
import type { Config } from '../config/types';
import type { InspectResult } from './inspect';
import { applyPreprocessing, fitPreprocessing } from './preprocessing';
import { splitRows } from './split';
import type { Dataset } from './types';
import { countUnseen } from './vocabulary';

/**
 * What a config's split and preprocessing make of a data set, added to its
 * summary (`ple data inspect --config`): the rows of each part, each
 * categorical feature's vocabulary size (from the training rows) and the
 * validation and test rows whose value it lacks (they get the
 * out-of-vocabulary id 0), each numeric feature's transform with its
 * statistics, and the warnings a run would print.
 */
export function inspectWithConfig(result: InspectResult, dataset: Dataset, config: Config, file: string): InspectResult {
  const parts = splitRows(dataset, config.split, config.data.seed, file);
  const preprocessing = fitPreprocessing(dataset, parts.train, config, file);
  const { dataset: encoded, warnings } = applyPreprocessing(dataset, preprocessing, file);
  const byName = new Map(preprocessing.categorical.map((c) => [c.name, c]));
  const categorical = result.categorical.map((c) => {
    const encoding = byName.get(c.name);
    if (!encoding) return c;
    const unseen = encoding.values ? { validation: countUnseen(encoded.columns[c.name], parts.validation), test: countUnseen(encoded.columns[c.name], parts.test) } : undefined;
    return { ...c, vocab: encoding.vocab, ...(unseen ? { unseen } : {}) };
  });
  return {
    ...result,
    categorical,
    split: { description: describeSplit(config.split), train: parts.train.length, validation: parts.validation.length, test: parts.test.length },
    transforms: preprocessing.numeric.map((n) => ({ name: n.name, transform: n.clip ? `clip [${n.clip.join(', ')}], ${n.transform}` : n.transform, mean: n.mean, sd: n.sd })),
    warnings,
  };
}
