import { renderMarkdown } from '../../src/report/markdown';
import { sweepSetupSection } from '../../src/report/sweep-markdown-setup';
import { summarize } from '../../src/study/summary';
import { summarizeSweep } from '../../src/study/sweep';
import { makeRun, tableMetrics } from '../study/fixtures';
import { byCorrelation, makeSweep } from '../study/sweep-fixtures';

const BASE: Record<string, Record<string, number>> = {
  single_task: { vtr: 0.68, vcr: 0.132, ctr: 0.73 },
  hard_sharing: { vtr: 0.678, vcr: 0.1319, ctr: 0.729 },
  mmoe: { vtr: 0.69, vcr: 0.133, ctr: 0.731 },
  ple: { vtr: 0.691, vcr: 0.131, ctr: 0.733 },
};
const MODELS = Object.keys(BASE).map((name) => ({ name, arch: name }));

describe('markdown report', () => {
  const ok = tableMetrics(BASE);
  const run = makeRun({ models: MODELS, metrics: (m, s) => (m === 'mmoe' && s === 2 ? 'failed' : ok(m, s)) });
  const md = renderMarkdown(run, summarize(run), [{ file: 'quadrant.svg', title: 'Quadrants' }]);
  const section = (title: string) => md.split(/^## /m).find((s) => s.startsWith(title)) ?? '';

  test('the main table has a row for every model, baseline first', () => {
    const rows = section('MTL gains').split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| model') && !l.startsWith('| ---'));
    expect(rows.map((r) => r.split('|')[1].trim())).toEqual(['single_task', 'hard_sharing', 'mmoe', 'ple']);
    expect(section('MTL gains')).toContain('Q4 seesaw (vcr lost) | firm');
    expect(section('MTL gains')).toContain('2/3 (failed: 2)');
    expect(section('MTL gains')).toContain('mmoe seed 2: failed at epoch 0, step 12: loss is NaN');
  });

  test('the main table shows parameters, FLOPs and adjusted p, under one sentence on what firm covers', () => {
    const main = section('MTL gains');
    expect(main).toContain('| model | arch | jobs | params | FLOPs/sample | vtr AUC | vcr MSE | gain vtr | p → holm vtr | gain vcr | p → holm vcr | quadrant | certainty |');
    expect(main).toMatch(/"firm" means a Holm-adjusted p below 0.05 over 6 gains of this run together; each interval is a 95% interval of one gain and covers model seeds, not the test set's sampling nor world-to-world noise/);
  });

  test('the study section names data, split, weights, seeds, backend and wall time', () => {
    const study = section('Study');
    for (const text of ['`data/fixture.arrow`', 'train days 1–7, test day 8', 'ω₀=1, γ=1', '| model seeds | 1, 2, 3 |', '| backend | cpu', '10.0 min']) {
      expect(study).toContain(text);
    }
  });

  test('the paper\'s Table 1 sits beside ours for vtr/vcr', () => {
    const paper = section('The paper');
    expect(paper).toContain('Table 1');
    expect(paper).toMatch(/\| hard_sharing \| hard_sharing \| .*\| 0\.6740 \|/);
    expect(paper).toContain('+1.8e-5');
    expect(paper).toContain('Q2 seesaw (vtr lost)');
  });

  test('ctr/vcr uses Table 2; a task set the paper has no table for gets no paper section', () => {
    const tasks = [
      { name: 'ctr', type: 'binary' as const },
      { name: 'vcr', type: 'regression' as const },
    ];
    const r2 = makeRun({ tasks, models: MODELS, metrics: ok });
    expect(renderMarkdown(r2, summarize(r2), [])).toContain('Table 2: CTR/VCR');
    const r3 = makeRun({ tasks: [tasks[0]], models: MODELS, metrics: ok });
    const md3 = renderMarkdown(r3, summarize(r3), []);
    expect(md3).toContain('## MTL gains');
    expect(md3).not.toContain('## The paper');
  });

  test('figures are linked, per-seed results fold into <details>, samples per task are listed', () => {
    expect(md).toContain('![Quadrants](quadrant.svg)');
    const perSeed = section('Per-seed results');
    expect(perSeed).toMatch(/<details><summary>12 jobs/);
    expect(perSeed).toContain('</details>');
    expect(perSeed).toMatch(/\| mmoe \| 2 \| failed \|/);
    expect(section('Samples per task')).toContain('| vtr | – | – | 1000 |');
  });

  test('a generated world names its seed; a file source, one world of its own, has none', () => {
    expect(section('Study')).toContain('| world seed | 1 |');
    const file = makeRun({ models: MODELS, metrics: ok });
    file.config = { ...file.config, data: { ...file.config.data, source: 'file' } };
    const study = renderMarkdown(file, summarize(file), []).split(/^## /m).find((s) => s.startsWith('Study'))!;
    expect(study).toContain('| data | file, `data/fixture.arrow`');
    expect(study).not.toContain('world seed');
    const sweep = makeSweep({ param: 'training.learning_rate', values: [0.01, 0.1], metrics: () => byCorrelation(0) });
    expect(sweepSetupSection(summarizeSweep(sweep), sweep[0].run).join('\n')).toContain('| data | video, world seed 1;');
    sweep[0].run.config = { ...sweep[0].run.config, data: { ...sweep[0].run.config.data, source: 'file' } };
    expect(sweepSetupSection(summarizeSweep(sweep), sweep[0].run).join('\n')).toContain('| data | file; each point');
  });

  test('without a baseline the report shows raw metrics and says why', () => {
    const r = makeRun({ models: [{ name: 'mmoe', arch: 'mmoe' }], metrics: ok });
    const text = renderMarkdown(r, summarize(r), []);
    expect(text).toMatch(/no single_task model in the run/);
    const main = text.split(/^## /m).find((s) => s.startsWith('MTL gains')) ?? '';
    expect(main).toContain('| mmoe | mmoe | 3 | 12.3k | – | 0.6900 ± 0.0001 |');
    expect(main).not.toContain('gain vtr');
  });
});
