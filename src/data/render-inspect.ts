import Table from 'cli-table3';
import type { InspectResult } from './inspect';

/** Terminal tables for `ple data inspect` (pure: returns the text). */
export function renderInspect(result: InspectResult): string {
  const out: string[] = [];
  const seed = result.seed !== undefined ? `, seed ${result.seed}` : '';
  out.push(`${result.file}: ${result.rows.toLocaleString('en-US')} rows, source ${result.source}${seed}`);

  if (result.rowsPerDay.length > 0) {
    const days = table(['day', 'rows']);
    for (const d of result.rowsPerDay) days.push([d.day, d.rows.toLocaleString('en-US')]);
    out.push(days.toString());
  }
  if (result.split) {
    const parts = table(['part', 'rows']);
    for (const part of ['train', 'validation', 'test'] as const) parts.push([part, result.split[part].toLocaleString('en-US')]);
    out.push(`split: ${result.split.description}\n${parts.toString()}`);
  }

  if (result.binary.length > 0 || result.masks.length > 0) {
    const bin = table(['binary column', 'rate', 'rate where mask = 1']);
    for (const b of result.binary) bin.push([b.name, fmt(b.rate), b.mask ? `${fmt(b.maskedRate!)} (${b.mask})` : '']);
    for (const m of result.masks) bin.push([`${m.name} (mask)`, fmt(m.coverage), '']);
    out.push(bin.toString());
  }
  if (result.numeric.length > 0) {
    const num = table(['numeric column', 'role', 'min', 'mean', 'max', 'mean where mask = 1']);
    for (const n of result.numeric) {
      num.push([n.name, n.role, fmt(n.min), fmt(n.mean), fmt(n.max), n.mask ? `${fmt(n.maskedMean!)} (${n.mask})` : '']);
    }
    out.push(num.toString());
  }
  if (result.transforms && result.transforms.length > 0) {
    const tr = table(['numeric feature', 'transform', 'training mean', 'training sd']);
    for (const t of result.transforms) tr.push([t.name, t.transform, t.mean === undefined ? '' : fmt(t.mean), t.sd === undefined ? '' : fmt(t.sd)]);
    out.push(tr.toString());
  }
  if (result.categorical.length > 0) {
    const unseen = result.categorical.some((c) => c.unseen);
    const head = ['categorical column', 'distinct', 'max id', 'vocab', ...(unseen ? ['unseen in validation', 'unseen in test'] : [])];
    const cat = table(head);
    for (const c of result.categorical) {
      const row: (string | number)[] = [c.name, c.distinct, c.max ?? '(text)', c.vocab ?? '(from training rows)'];
      if (unseen) row.push(c.unseen ? c.unseen.validation.toLocaleString('en-US') : '', c.unseen ? c.unseen.test.toLocaleString('en-US') : '');
      cat.push(row);
    }
    out.push(cat.toString());
    if (unseen) out.push('vocab: the training rows\' values plus the out-of-vocabulary id 0, which the unseen rows get');
  }
  for (const warning of result.warnings ?? []) out.push(`warning: ${warning}`);
  return out.join('\n');
}

function table(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [] } });
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(3) : x.toFixed(4);
}
