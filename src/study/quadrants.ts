import type { Direction, Quadrant, TaskGain, TransferKind } from './types';

export function directionOf(mean: number | null): Direction | null {
  if (mean === null) return null;
  return mean > 0 ? 'up' : mean < 0 ? 'down' : 'flat';
}

/**
 * Place a model by its tasks' gains (the paper's Figure 3). With two tasks
 * (x = first, y = second): Q1 both up, Q2 x down / y up, Q3 both down, Q4
 * x up / y down. A gain of exactly 0 puts the model on an axis: no quadrant,
 * and the kind follows from the other tasks (nothing lost → positive
 * transfer). With three or more tasks the same kinds follow from the counts.
 * The label is firm only when every task's 95% interval excludes 0.
 */
export function classify(tasks: readonly string[], gains: Readonly<Record<string, TaskGain>>): Quadrant {
  const list = tasks.map((t) => ({ task: t, g: gains[t] }));
  const counts = { up: 0, down: 0, flat: 0, firm_up: 0, firm_down: 0 };
  const lost: string[] = [];
  const flat: string[] = [];
  let missing = false;
  for (const { task, g } of list) {
    const d = g ? directionOf(g.mean) : null;
    if (d === null) missing = true;
    else if (d === 'up') {
      counts.up++;
      if (g.firm) counts.firm_up++;
    } else if (d === 'down') {
      counts.down++;
      lost.push(task);
      if (g.firm) counts.firm_down++;
    } else {
      counts.flat++;
      flat.push(task);
    }
  }
  const kind: TransferKind = missing
    ? 'unknown'
    : counts.up > 0 && counts.down > 0
      ? 'seesaw'
      : counts.up > 0
        ? 'positive transfer'
        : counts.down > 0
          ? 'negative transfer'
          : 'no change';
  const firm = !missing && list.every(({ g }) => g.firm);
  const certainty = list.some(({ g }) => !g || g.n < 2) ? 'single seed' : firm ? 'firm' : 'within noise';
  const quadrant = tasks.length === 2 && !missing && counts.flat === 0 ? quadrantOf(list[0].g.mean!, list[1].g.mean!) : null;
  return { quadrant, kind, lost, flat, firm, certainty, counts, label: labelOf(tasks.length, quadrant, kind, lost, flat, counts) };
}

function quadrantOf(x: number, y: number): 1 | 2 | 3 | 4 {
  if (x > 0) return y > 0 ? 1 : 4;
  return y > 0 ? 2 : 3;
}

function labelOf(
  taskCount: number,
  quadrant: Quadrant['quadrant'],
  kind: TransferKind,
  lost: string[],
  flat: string[],
  counts: Quadrant['counts'],
): string {
  if (kind === 'unknown') return 'no gain (no usable seeds)';
  if (kind === 'no change') return 'no change (every gain exactly 0)';
  const lostText = kind === 'seesaw' ? ` (${lost.join(', ')} lost)` : '';
  const flatText = flat.length > 0 ? `, ${flat.join(', ')} unchanged` : '';
  if (taskCount === 1) return `${kind}${flatText}`;
  if (taskCount === 2) {
    const where = quadrant === null ? 'on axis: ' : `Q${quadrant} `;
    return `${where}${kind}${lostText}${flatText}`;
  }
  const tally = `${counts.up} up (${counts.firm_up} firm), ${counts.down} down (${counts.firm_down} firm)`;
  return `${kind}${lostText}: ${tally}${flatText}`;
}
