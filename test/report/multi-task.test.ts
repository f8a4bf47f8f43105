import { renderMarkdown } from '../../src/report/markdown';
import { findPaperTable } from '../../src/study/paper';
import { summarize } from '../../src/study/summary';
import { makeRun, tableMetrics, type FixtureTask } from '../study/fixtures';

const FOUR: FixtureTask[] = [
  { name: 'vtr', type: 'binary' },
  { name: 'vcr', type: 'regression' },
  { name: 'shr', type: 'binary' },
  { name: 'cmr', type: 'binary' },
];
const MODELS = ['single_task', 'mmoe', 'cgc', 'ple'].map((name) => ({ name, arch: name }));
const BASE = {
  single_task: { vtr: 0.68, vcr: 0.13, shr: 0.7, cmr: 0.7 },
  mmoe: { vtr: 0.69, vcr: 0.12, shr: 0.69, cmr: 0.71 },
  cgc: { vtr: 0.69, vcr: 0.129, shr: 0.71, cmr: 0.701 },
  ple: { vtr: 0.7, vcr: 0.12, shr: 0.71, cmr: 0.72 },
};

function section(md: string, title: string): string {
  return md.split(/^## /m).find((s) => s.startsWith(title)) ?? '';
}

describe('more than two tasks (the paper\'s Table 4)', () => {
  const run = makeRun({ tasks: FOUR, models: MODELS, metrics: tableMetrics(BASE) });
  const md = renderMarkdown(run, summarize(run), []);

  test('the main table has a gain column per task and an up/down count column', () => {
    const main = section(md, 'MTL gains (the layout of the paper\'s Table 4)');
    expect(main).toContain('| gain vtr | p → holm vtr | gain vcr | p → holm vcr | gain shr | p → holm shr | gain cmr | p → holm cmr | up / down | transfer | certainty |');
    expect(main).toMatch(/^\| mmoe \| mmoe \| 3 \|.*\| 3 up \(3 firm\) \/ 1 down \(1 firm\) \| seesaw \(shr lost\) \| firm \|$/m);
    expect(main).toMatch(/^\| ple \| ple \|.*\| 4 up \(4 firm\) \/ 0 down \(0 firm\) \| positive transfer \| firm \|$/m);
    expect(main).toMatch(/^\| single_task \| single_task \|.*\| baseline \| – \| – \|$/m);
  });

  test('the paper\'s Table 4 sits beside ours, gains only, with its up/down counts', () => {
    const paper = section(md, 'The paper');
    expect(paper).toContain('Beside Table 4: VTR+VCR+SHR+CMR');
    expect(paper).not.toContain('AUC (ours)');
    expect(paper).toMatch(/\| ple \| ple \| \+0\.0200 ± 0 \* \| \+0\.0128 \|/);
    expect(paper).toContain('positive transfer; 4 up / 0 down |');
  });

  test('every task group of Table 4 is found, whatever the order or alias', () => {
    expect(findPaperTable(['vtr', 'vcr', 'share'])?.id).toBe('table4-vtr-vcr-shr');
    expect(findPaperTable(['comment', 'vcr', 'vtr'])?.id).toBe('table4-vtr-vcr-cmr');
    expect(findPaperTable(['shr', 'cmr', 'vcr', 'vtr'])?.id).toBe('table4-vtr-vcr-shr-cmr');
    const three = makeRun({ tasks: FOUR.slice(0, 3), models: MODELS, metrics: tableMetrics(BASE) });
    const text = renderMarkdown(three, summarize(three), []);
    expect(section(text, 'The paper')).toMatch(/\| cgc \| cgc \|.*\| -0\.0001 \|/);
    expect(section(text, 'The paper')).toContain('seesaw (shr lost); 2 up / 1 down');
  });
});

describe('samples per task (CTR/VCR)', () => {
  const tasks: FixtureTask[] = [
    { name: 'ctr', type: 'binary' },
    { name: 'vcr', type: 'regression' },
  ];
  const metrics = tableMetrics({ single_task: { ctr: 0.73, vcr: 0.12 }, mmoe: { ctr: 0.74, vcr: 0.11 }, ple: { ctr: 0.74, vcr: 0.11 } });

  test('train, validation and test rows per task come from the manifest', () => {
    const run = makeRun({ tasks, metrics });
    run.manifest.samples = { train: { ctr: 70000, vcr: 7000 }, validation: { ctr: 2000, vcr: 200 }, test: { ctr: 10000, vcr: 1000 } };
    const samples = section(renderMarkdown(run, summarize(run), []), 'Samples per task');
    expect(samples).toContain('| task | train rows | validation rows | test rows |');
    expect(samples).toContain('| ctr | 70000 | 2000 | 10000 |');
    expect(samples).toContain('| vcr | 7000 | 200 | 1000 |');
    expect(samples).not.toContain('not known');
  });

  test('without them it falls back on the jobs\' test rows and says why', () => {
    const run = makeRun({ tasks, metrics });
    const samples = section(renderMarkdown(run, summarize(run), []), 'Samples per task');
    expect(samples).toContain('| ctr | – | – | 1000 |');
    expect(samples).toContain('this run\'s manifest does not record them');
  });
});
