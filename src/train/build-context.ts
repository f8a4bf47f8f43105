import type { Config } from '../config/types';
import type { BuildContext, InputSpec, TaskHead } from '../models/types';

/**
 * What a model needs to know about the data: input features and task heads,
 * from the config — once every categorical feature has its vocab (a
 * vocabulary built from the data sets it: `withVocabularies`).
 */
export function inputSpec(config: Config): InputSpec {
  return {
    categorical: config.features.categorical.map((f) => {
      if (f.vocab === undefined) throw new Error(`categorical feature "${f.name}" has no vocab yet: build models from the config its data was prepared with (withVocabularies)`);
      return { name: f.name, vocab: f.vocab, dim: f.dim };
    }),
    numeric: config.features.numeric.map((f) => f.name),
  };
}

export function taskHeads(config: Config): TaskHead[] {
  return config.tasks.map((t) => ({ name: t.name, type: t.type, sigmoidOutput: t.sigmoid_output, ...(t.conditional_on ? { conditionalOn: t.conditional_on } : {}) }));
}

/** Per task, the index of the task it is conditional on, or null. */
export function taskParents(heads: readonly TaskHead[]): (number | null)[] {
  return heads.map((h) => (h.conditionalOn === undefined ? null : heads.findIndex((p) => p.name === h.conditionalOn)));
}

export function buildContext(config: Config, seed: number): BuildContext {
  return { input: inputSpec(config), tasks: taskHeads(config), seed };
}
