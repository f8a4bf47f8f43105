import type { SplitConfig } from './schema';

/** How a config splits its rows: by day, by a column of the data, or at random (`splitSchema`). */
export type SplitKind = 'days' | 'column' | 'random';

/** The kind of a validated split (validation guarantees exactly one). */
export function splitKind(split: SplitConfig): SplitKind {
  if (split.column !== undefined) return 'column';
  if (split.random !== undefined) return 'random';
  return 'days';
}

/** A day split's days (validation guarantees both lists for a day split). */
export function splitDays(split: SplitConfig): { train: number[]; test: number[]; validation: number[] } {
  const train = split.train_days ?? [];
  const validation = split.validation ? (split.validation.days ?? (train.length > 0 ? [Math.max(...train)] : [])) : [];
  return { train, test: split.test_days ?? [], validation };
}

/** `1-7, 9` */
export function describeDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.length > 0 ? parts.join(', ') : 'none';
}

const percent = (fraction: number) => `${+(fraction * 100).toFixed(2)}%`;

/** The split in words, for reports: `by column "split" (train / validation / test)`, `random: 20% of the rows are test (seed 1)`, … */
export function describeSplit(split: SplitConfig): string {
  const kind = splitKind(split);
  const v = split.validation;
  if (kind === 'days') {
    const days = splitDays(split);
    const validation = v ? `; validation: ${percent(v.fraction)} of day ${describeDays(days.validation)}` : '; no validation slice';
    return `train days ${describeDays(days.train)}, test day ${describeDays(days.test)}${validation}`;
  }
  if (kind === 'column') {
    const validation = v ? `; validation: ${percent(v.fraction)} of its train rows` : '';
    return `by column "${split.column}" (train / validation / test)${validation}`;
  }
  const r = split.random!;
  const unit = r.group ? `groups of "${r.group}"` : 'rows';
  const validation = v ? `; validation: ${percent(v.fraction)} of the other ${unit}` : '; no validation slice';
  return `random (seed ${r.seed}): ${percent(r.test)} of the ${unit} are test${validation}`;
}
