import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { reportStudy } from '../../src/commands/report-study';
import { makeRun, tableMetrics } from '../study/fixtures';
import { byCorrelation, makeSweep, sweepDir } from '../study/sweep-fixtures';
import { twoParameterSweep } from './figure-fixtures';
import { checkXml } from './xml';

// link texts may hold escaped brackets (tasks\[1\].weight)
const links = (md: string, image: boolean) => [...md.matchAll(image ? /!\[(?:\\.|[^\]\\])*\]\(([^)]+)\)/g : /(?<!!)\[(?:\\.|[^\]\\])*\]\(([^)]+)\)/g)].map((m) => m[1]);

describe('reportStudy', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'ple-sweep-'));
  });
  afterEach(async () => {
    await fs.rm(cwd, { recursive: true, force: true });
    delete process.env.PLE_KEEP;
  });

  const failing = () =>
    makeSweep({
      param: 'data.synthetic.correlation',
      values: [0, 0.5, 1],
      notRun: [1],
      metrics: (c) => (c === 0.5 ? (m, s) => (m === 'ple' && s === 2 ? 'failed' : byCorrelation(c)(m, s)) : byCorrelation(c)),
    });

  test('writes every point\'s report, the sweep figures and a top report.md whose links exist', async () => {
    const points = failing();
    const dir = sweepDir(points);
    const result = await reportStudy({ points, dir, cwd });
    expect(result.dir).toBe(path.join(cwd, dir));
    expect(result.points.map((p) => p.key)).toEqual(['correlation=0', 'correlation=0.5']);
    const md = await fs.readFile(path.join(result.dir, 'report.md'), 'utf8');
    expect(md).toBe(result.markdown);
    const figures = links(md, true);
    expect(figures).toEqual(['sweep-gain.svg', 'sweep-metric.svg']);
    for (const f of figures) expect(checkXml(await fs.readFile(path.join(result.dir, f), 'utf8'))).toMatchObject({ ok: true, root: 'svg' });
    const reports = links(md, false).filter((l) => l.endsWith('report.md'));
    expect(reports).toEqual(['points/correlation=0/report.md', 'points/correlation=0.5/report.md']);
    for (const r of reports) expect(await fs.readFile(path.join(result.dir, r), 'utf8')).toMatch(/^# ple study: fixture \/ \S+ · point correlation=0/);
    // each point's own figures sit beside its report
    expect((await fs.readdir(path.join(result.dir, 'points/correlation=0'))).sort()).toEqual(['expert-utilisation.svg', 'quadrant.svg', 'report.md', 'training-curves.svg']);
  });

  test('the table has a row per model × grid value; failures and points not run are marked', async () => {
    const points = failing();
    const { markdown: md } = await reportStudy({ points, dir: sweepDir(points), cwd });
    const table = md!.split(/^## /m).find((s) => s.startsWith('Results against'))!;
    expect(table).toContain('| data.synthetic.correlation | model | seeds | params | FLOPs/sample | vtr AUC | vcr MSE | gain vtr | p → holm vtr | gain vcr | p → holm vcr | quadrant | certainty |');
    const rows = table.split('\n').filter((l) => /^\| (0|0\.5|1) \|/.test(l));
    expect(rows.map((r) => r.split('|').slice(1, 3).map((c) => c.trim()).join(' '))).toEqual([
      '0 single_task', '0.5 single_task', '0 mmoe', '0.5 mmoe', '0 ple', '0.5 ple', '1 (point not run yet)',
    ]);
    expect(table).toMatch(/\| 0\.5 \| ple \| 2\/3 \(failed: 2\) \|/);
    expect(table).toContain('correlation=0.5: ple seed 2: failed');
    expect(md).toMatch(/\| correlation=0\.5 \| data\.synthetic\.correlation = 0\.5 \| vtr: ω₀=1, γ=1; vcr: ω₀=1, γ=1 \| 8\/9 ok, \*\*1 failed\*\*/);
    expect(md).toMatch(/\| correlation=1 \| data\.synthetic\.correlation = 1 \| – \| not run yet \| – \|/);
    expect(md).toContain('Points without any usable result are absent from the figures: correlation=1.');
  });

  test('a sweep over tasks[1].gamma names the task and shows each point\'s γ', async () => {
    const points = makeSweep({ param: 'tasks[1].gamma', values: [0.8, 1], metrics: () => byCorrelation(0.5) });
    const { markdown: md } = await reportStudy({ points, dir: sweepDir(points), cwd });
    expect(md).toContain('| tasks[1].gamma (γ of vcr) | model |');
    expect(md).toContain('vcr: ω₀=1, γ=0.8');
    expect(md).toContain('## Results against `tasks[1].gamma`');
  });

  test('a grid over the task set (the paper\'s Table 4 groups) puts a row per model and group, with the paper\'s gains', async () => {
    const groups: Record<string, string[]> = { shr: ['vtr', 'vcr', 'shr'], cmr: ['vtr', 'vcr', 'cmr'] };
    const tasksFor = (g: unknown) => groups[g as string].map((name) => ({ name, type: name === 'vcr' ? ('regression' as const) : ('binary' as const) }));
    const base = (g: unknown) => {
      const [a, b, c] = groups[g as string];
      return { single_task: { [a]: 0.68, [b]: 0.13, [c]: 0.7 }, cgc: { [a]: 0.69, [b]: 0.129, [c]: 0.69 }, ple: { [a]: 0.7, [b]: 0.12, [c]: 0.71 } };
    };
    const models = ['single_task', 'cgc', 'ple'].map((name) => ({ name, arch: name }));
    const points = makeSweep({ param: 'data.video.group', values: ['shr', 'cmr'], tasksFor, metrics: (g) => tableMetrics(base(g)), options: { models } });
    const { markdown: md } = await reportStudy({ points, dir: sweepDir(points), cwd });
    expect(md).toContain('| data.video.group | model | seeds | params | FLOPs/sample | vtr AUC | vcr MSE | shr AUC | cmr AUC | gain vtr | p → holm vtr | gain vcr | p → holm vcr | gain shr | p → holm shr | gain cmr | p → holm cmr | up / down | transfer | certainty | paper gains |');
    expect(md).toMatch(/^\| shr \| cgc \|.*\| – \| 2 up \(2 firm\) \/ 1 down \(1 firm\) \| seesaw \(shr lost\) \| firm \| \+0\.0131 \/ \+0\.0019 \/ -0\.0001 \(Table 4\) \|$/m);
    expect(md).toMatch(/^\| cmr \| ple \|.*\| \+0\.0197 \/ \+0\.0033 \/ \+0\.0001 \(Table 4\) \|$/m);
  });

  test('points of a grid over loss weights share the first point\'s recorded rows; a data grid does not', async () => {
    const gamma = makeSweep({ param: 'tasks[1].gamma', values: [0.8, 1], metrics: () => byCorrelation(0.5) });
    const r1 = await reportStudy({ points: gamma, dir: sweepDir(gamma), cwd });
    expect(r1.points[1].result.markdown).toContain('| vcr | 2000 | 200 | 400 |');
    const data = makeSweep({ param: 'data.synthetic.correlation', values: [0, 1], metrics: byCorrelation });
    const r2 = await reportStudy({ points: data, dir: sweepDir(data), cwd });
    expect(r2.points[0].result.markdown).toContain('| vcr | 2000 | 200 | 400 |');
    expect(r2.points[1].result.markdown).toContain('| vcr | – | – | 400 |');
    // a manifest that records every point's rows shows each point its own
    const recorded = { train: { vtr: 5100, vcr: 2100 }, validation: { vtr: 510, vcr: 210 }, test: { vtr: 1000, vcr: 400 } };
    for (const p of data) p.run.manifest = { ...p.run.manifest, point_samples: { 'correlation=0': p.run.manifest.samples!, 'correlation=1': recorded } };
    const r3 = await reportStudy({ points: data, dir: sweepDir(data), cwd });
    expect(r3.points[0].result.markdown).toContain('| vcr | 2000 | 200 | 400 |');
    expect(r3.points[1].result.markdown).toContain('| vcr | 2100 | 210 | 400 |');
  });

  test('a grid over two parameters gets a gain and a metric figure per parameter, each linked from report.md', async () => {
    const points = twoParameterSweep();
    const result = await reportStudy({ points, dir: sweepDir(points), cwd });
    const figures = links(result.markdown!, true);
    expect(figures).toEqual(['sweep-gain-data-synthetic-correlation.svg', 'sweep-metric-data-synthetic-correlation.svg', 'sweep-gain-tasks-1-weight.svg', 'sweep-metric-tasks-1-weight.svg']);
    for (const f of figures) expect(checkXml(await fs.readFile(path.join(result.dir, f), 'utf8')).ok).toBe(true);
    expect(result.markdown).toContain('### MTL gain against tasks\\[1\\].weight (ω₀ of vcr)');
    const json = await reportStudy({ points, dir: sweepDir(points), out: 'json', format: 'json', cwd });
    const written = JSON.parse(await fs.readFile(json.files[json.files.length - 1], 'utf8'));
    expect(written.figures.map((f: { param: string }) => f.param)).toEqual(['data.synthetic.correlation', 'tasks[1].weight']);
  });

  test('--out writes everything elsewhere; a run without a sweep is reported as before', async () => {
    const points = failing();
    const result = await reportStudy({ points, dir: sweepDir(points), out: 'out', cwd });
    expect(result.dir).toBe(path.join(cwd, 'out'));
    expect((await fs.readdir(path.join(cwd, 'out'))).sort()).toEqual(['points', 'report.md', 'sweep-gain.svg', 'sweep-metric.svg']);
    expect(await fs.readdir(path.join(cwd, 'out', 'points'))).toEqual(expect.arrayContaining(['correlation=0', 'correlation=0.5']));
    const json = await reportStudy({ points, dir: sweepDir(points), out: 'json', format: 'json', cwd });
    const written = JSON.parse(await fs.readFile(path.join(cwd, 'json', 'report.json'), 'utf8'));
    expect(written.study.points.map((p: { key: string }) => p.key)).toEqual(['correlation=0', 'correlation=0.5', 'correlation=1']);
    expect(json.files.every((f) => !f.endsWith('summary.json'))).toBe(true);

    const run = makeRun({ metrics: byCorrelation(0) });
    const single = await reportStudy({ points: [{ key: '', overrides: {}, run }], dir: run.dir, cwd });
    expect(single.study).toBeNull();
    expect(single.markdown).toMatch(/^# ple study: fixture/);
    await expect(reportStudy({ points: [], dir: 'x', cwd })).rejects.toThrow(/no sweep point/);
  });
});
