import { expertRows, expertsSpec } from '../../src/report/chart-experts';
import { renderSvg } from '../../src/report/charts';
import { expertsSection } from '../../src/report/markdown-experts';
import { makeRun, tableMetrics } from '../study/fixtures';
import { checkXml } from './xml';

const BASE = { single_task: { vtr: 0.68, vcr: 0.132 }, mmoe: { vtr: 0.69, vcr: 0.133 }, ple: { vtr: 0.691, vcr: 0.131 } };

describe('expert utilisation', () => {
  const run = makeRun({ metrics: tableMetrics(BASE) });

  test('mean and sd over seeds per model, level, gate and expert', () => {
    const rows = expertRows(run);
    // fixture: seed s gives expert e of gate k at level l the raw weight 1 + (e + k + s + l) % 3, normalised per gate
    const ws = [2 / 8, 3 / 9, 1 / 7];
    const mean = (ws[0] + ws[1] + ws[2]) / 3;
    const sd = Math.sqrt(ws.reduce((a, w) => a + (w - mean) ** 2, 0) / 2);
    const r = rows.find((x) => x.model === 'mmoe' && x.gate === 'vtr' && x.expert === 'shared_0')!;
    expect(r.seeds).toBe(3);
    expect(r.weight).toBeCloseTo(mean, 12);
    expect(r.sd).toBeCloseTo(sd, 12);
    expect(r.lo).toBeCloseTo(r.weight - r.sd!, 12);
    // a gate's mean weights still sum to 1
    for (const panel of new Set(rows.map((x) => `${x.panel}/${x.gate}`))) {
      const sum = rows.filter((x) => `${x.panel}/${x.gate}` === panel).reduce((a, x) => a + x.weight, 0);
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  test('failed jobs are left out of the mean; one seed has no sd', () => {
    const one = makeRun({ seeds: [1], metrics: tableMetrics(BASE) });
    expect(expertRows(one).every((x) => x.sd === null && x.seeds === 1)).toBe(true);
    const ok = tableMetrics(BASE);
    const failed = makeRun({ metrics: (m, s) => (m === 'mmoe' && s === 2 ? 'failed' : ok(m, s)) });
    expect(expertRows(failed).filter((x) => x.model === 'mmoe').every((x) => x.seeds === 2)).toBe(true);
  });

  test('a heat-map per panel renders to SVG; the Markdown has a compact table per panel', async () => {
    const svg = await renderSvg(expertsSpec(run)!);
    expect(checkXml(svg)).toMatchObject({ ok: true, root: 'svg' });
    expect(svg).toContain('>gate of task<');
    // mean and sd of mmoe's vtr gate on shared_0 (0.242 ± 0.095, as in the first test), to two decimals
    expect(svg).toContain('>0.24<');
    expect(svg).toContain('>± 0.10<');
    const md = expertsSection(run).join('\n');
    expect(md).toContain('### ple · level 1');
    expect(md).toContain('| gate | shared_0 | shared_1 | vtr_0 | vcr_0 | seeds |');
    expect(md).toMatch(/^\| vtr \| 0\.242 ± 0\.095 \|/m);
    expect(expertsSection(makeRun({ models: [{ name: 'single_task', arch: 'single_task' }], metrics: tableMetrics(BASE) }))).toEqual([]);
  });
});

test('titles say whose gates a panel shows: ML-MMoE\'s lower level gates feed the experts above, PLE\'s add the shared gate', async () => {
  const run = makeRun({ models: [{ name: 'single_task', arch: 'single_task' }, { name: 'ml_mmoe', arch: 'ml_mmoe' }, { name: 'ple', arch: 'ple' }], metrics: tableMetrics({ ...BASE, ml_mmoe: BASE.mmoe }) });
  const experts = ['expert_0', 'expert_1', 'expert_2'];
  for (const job of run.jobs) {
    if (job.model === 'ml_mmoe') job.gates = [...experts.map((gate) => ({ level: 0, gate, experts, mean: [0.5, 0.3, 0.2] })), ...job.gates!.filter((g) => g.level === 1)];
    if (job.model === 'ple') job.gates!.push({ level: 0, gate: 'shared', experts: ['vtr_0', 'vcr_0', 'shared_0'], mean: [0.2, 0.2, 0.6] });
  }
  const svg = await renderSvg(expertsSpec(run)!);
  for (const text of ['ml_mmoe · level 0', 'gates of the level-1 experts', 'gate of level-1 expert', 'ple · level 0', 'task gates and the shared gate', 'gate of task / shared', 'ple · level 1', 'the task gates']) {
    expect(svg).toContain(`>${text}<`);
  }
});
