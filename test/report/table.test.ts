import { gainTable } from '../../src/report/table';
import { summarize } from '../../src/study/summary';
import { makeRun, tableMetrics } from '../study/fixtures';

const BASE = {
  single_task: { vtr: 0.68, vcr: 0.132 },
  mmoe: { vtr: 0.69, vcr: 0.133 },
  ple: { vtr: 0.691, vcr: 0.131 },
  cgc: { vtr: 0.689, vcr: 0.1315 },
};

describe('terminal gain table', () => {
  test('one run: a row per model, metrics, gains and quadrants, no colour codes', () => {
    const text = gainTable([summarize(makeRun({ metrics: tableMetrics(BASE) }))]);
    expect(text).not.toMatch(/\u001b\[/);
    for (const m of ['single_task', 'mmoe', 'ple']) expect(text).toMatch(new RegExp(`│ ${m}\\s`));
    expect(text).toContain('vtr AUC');
    expect(text).toContain('gain vcr');
    expect(text).toContain('0.6900 ± 0.0001');
    expect(text).toContain('+0.0100 ± 0 *');
    expect(text).toContain('Q4 seesaw (vcr lost) [firm]');
    expect(text).toContain('Q1 positive transfer [firm]');
  });

  test('every model shows its parameters and FLOPs; every gain its p and adjusted p; the legend says what firm means', () => {
    const run = makeRun({ metrics: tableMetrics(BASE) });
    run.jobs = run.jobs.map((j) => ({ ...j, parameters: j.model === 'ple' ? 144763 : 94672, flops_per_sample: 190000 }));
    const summary = summarize(run, { interval: 'seeds' });
    const text = gainTable([summary]);
    expect(text).toMatch(/│ ple\s+│ 3\s+│ 144\.8k\s+│ 190\.0k\s+│/);
    expect(text).toContain('p → holm vtr');
    expect(text).toContain('Holm-adjusted over the 4 gains');
    expect(text).toContain(summary.statistics!.statement);
    // a p that the correction raised shows both
    const withP = { ...summary.models[1].gains!.vtr, p: 0.018, p_adjusted: 0.2 };
    expect(gainTable([{ ...summary, models: [summary.models[0], { ...summary.models[1], gains: { ...summary.models[1].gains!, vtr: withP } }] }])).toContain('0.018 → 0.20');
  });

  test('a failed seed shows in the seeds column and the notes', () => {
    const ok = tableMetrics(BASE);
    const run = makeRun({ metrics: (m, s) => (m === 'ple' && s === 3 ? 'failed' : ok(m, s)) });
    const text = gainTable([summarize(run)]);
    expect(text).toContain('2/3 ok');
    expect(text).toContain('ple seed 3: failed at epoch 0, step 12: loss is NaN');
  });

  test('no single_task model: raw metrics only, and it says so', () => {
    const run = makeRun({ models: [{ name: 'mmoe', arch: 'mmoe' }], metrics: tableMetrics(BASE) });
    const text = gainTable([summarize(run)]);
    expect(text).not.toContain('gain vtr');
    expect(text).toContain('0.6900');
    expect(text).toMatch(/no single_task model/);
  });

  test('several runs side by side over the models they share', () => {
    const a = summarize(makeRun({ metrics: tableMetrics(BASE), runId: 'run-a' }));
    const b = summarize(
      makeRun({
        metrics: tableMetrics(BASE),
        runId: 'run-b',
        models: [
          { name: 'single_task', arch: 'single_task' },
          { name: 'ple', arch: 'ple' },
          { name: 'cgc', arch: 'cgc' },
        ],
      }),
    );
    const text = gainTable([a, b]);
    expect(text).toContain('fixture/run-a');
    expect(text).toContain('fixture/run-b');
    expect(text).toMatch(/│ ple\s/);
    expect(text).not.toMatch(/│ mmoe\s/);
    expect(text).toContain('not in every run, left out: mmoe, cgc');
    // one header row per group, then the column headings
    expect(text.split('\n').filter((l) => l.includes('gain vtr'))).toHaveLength(1);
  });
});
