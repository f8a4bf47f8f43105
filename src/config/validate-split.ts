import type { ParsedConfig } from './schema';

/** A split's own rules: exactly one kind, and its fields consistent (days within generated data, test days unseen, …). */
export function checkSplit(cfg: ParsedConfig): string[] {
  const { train_days, test_days, column, random, validation } = cfg.split;
  const kinds = [train_days || test_days ? 'train_days + test_days' : '', column ? 'column' : '', random ? 'random' : ''].filter(Boolean);
  if (kinds.length !== 1) {
    return [`split: ${kinds.length === 0 ? 'says no way to split' : `gives ${kinds.join(' and ')}`}; expected exactly one of train_days + test_days (by day), column (a column of train / validation / test) or random (a seeded fraction)`];
  }
  const errors: string[] = [];
  if (validation?.days && !train_days) errors.push('split.validation.days: only for a split by day (column and random splits draw validation from their training rows)');
  if (column !== undefined && cfg.data.source !== 'file') errors.push(`split.column: only for a file (data.source is "${cfg.data.source}", whose data has no such column)`);
  if (!train_days && validation?.fraction === 1) errors.push('split.validation.fraction: 1 leaves no training rows (expected a fraction below 1)');
  if (kinds[0] === 'train_days + test_days') errors.push(...checkDays(cfg));
  return errors;
}

function checkDays(cfg: ParsedConfig): string[] {
  const errors: string[] = [];
  const days = dataDays(cfg);
  const { train_days, test_days, validation } = cfg.split;
  if (!train_days || !test_days) return [`split.${train_days ? 'test_days' : 'train_days'}: missing (a split by day needs both train_days and test_days)`];
  const parts: [string, number[]][] = [
    ['split.train_days', train_days],
    ['split.test_days', test_days],
    ['split.validation.days', validation?.days ?? []],
  ];
  for (const [path, list] of parts) {
    for (const d of list) {
      if (days !== undefined && d > days) errors.push(`${path}: day ${d} is outside the data (days 1-${days})`);
    }
    for (const d of duplicates(list.map(String))) errors.push(`${path}: day ${d} is listed twice`);
  }
  for (const d of test_days) {
    if (train_days.includes(d)) errors.push(`split.test_days: day ${d} is also a training day; test days must be unseen`);
  }
  for (const d of validation?.days ?? []) {
    if (!train_days.includes(d)) errors.push(`split.validation.days: day ${d} is not a training day (validation is carved from the training days)`);
  }
  return errors;
}

/** The names that appear more than once (each again for every repeat). */
export function duplicates(names: string[]): string[] {
  return names.filter((name, i) => names.indexOf(name) !== i);
}

/** Days the generated data covers, or undefined for a user's file (checked on load). */
function dataDays(cfg: Pick<ParsedConfig, 'data'>): number | undefined {
  if (cfg.data.source === 'video') return cfg.data.video?.days ?? 8;
  if (cfg.data.source === 'synthetic') return cfg.data.synthetic?.days ?? 8;
  return undefined;
}
