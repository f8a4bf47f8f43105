import Table from 'cli-table3';
import type { InspectResult } from './inspect';

/** Terminal tables for `ple data inspect` (pure: returns the text). */
export function renderInspect(result: InspectResult): string {
  const out: string[] = [];
  const seed = result.seed !== undefined ? `, seed ${result.seed}` : '';
  out.push(`${result.file}: ${result.rows.toLocaleString('en-US')} rows, source ${result.source}${seed}`);

  const days = table(['day', 'rows']);
  for (const d of result.rowsPerDay) days.push([d.day, d.rows.toLocaleString('en-US')]);
  out.push(days.toString());

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
  if (result.categorical.length > 0) {
    const cat = table(['categorical column', 'distinct', 'max id', 'vocab']);
    for (const c of result.categorical) cat.push([c.name, c.distinct, c.max, c.vocab ?? '']);
    out.push(cat.toString());
  }
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
