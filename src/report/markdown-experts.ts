import type { RunData } from '../results/types';
import { expertRows } from './chart-experts';
import { mdText, table } from './markdown-util';

function short(x: number): string {
  return x.toFixed(3);
}

/**
 * Expert utilisation as compact tables (the numbers of the paper's Figure 8):
 * one table per model and level, a row per gate, a column per expert, each
 * cell the mean gate weight over seeds ± sd. Empty when no job reports gates.
 */
export function expertsSection(run: RunData): string[] {
  const rows = expertRows(run);
  if (rows.length === 0) return [];
  const out = ['## Expert utilisation', '', 'Mean gate weight each task\'s gate gives each expert on the test day, mean ± sd over the ok seeds (a gate\'s row sums to 1).'];
  const panels = [...new Set(rows.map((r) => r.panel))];
  for (const panel of panels) {
    const mine = rows.filter((r) => r.panel === panel);
    const experts = [...new Set(mine.map((r) => r.expert))];
    const gates = [...new Set(mine.map((r) => r.gate))];
    const body = gates.map((gate) => [
      mdText(gate),
      ...experts.map((e) => {
        const r = mine.find((x) => x.gate === gate && x.expert === e);
        if (!r) return '·';
        return r.sd === null ? short(r.weight) : `${short(r.weight)} ± ${short(r.sd)}`;
      }),
      String(Math.max(...mine.filter((r) => r.gate === gate).map((r) => r.seeds))),
    ]);
    out.push('', `### ${mdText(panel)}`, '', ...table(['gate', ...experts.map(mdText), 'seeds'], body));
  }
  out.push('', '`·`: the gate does not see that expert (CGC/PLE task gates see only their own and the shared experts).');
  return out;
}
