import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compare } from '../../src/commands/compare';
import { report } from '../../src/commands/report';
import { summarize } from '../../src/study/summary';
import { makeRun, tableMetrics } from '../study/fixtures';
import { checkXml } from './xml';

const BASE = {
  single_task: { vtr: 0.68, vcr: 0.132 },
  mmoe: { vtr: 0.69, vcr: 0.133 },
  ple: { vtr: 0.691, vcr: 0.131 },
};

describe('report and compare commands', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'ple-report-'));
  });
  afterEach(async () => {
    await fs.rm(cwd, { recursive: true, force: true });
  });

  test('report writes report.md and SVGs into the run directory; every linked SVG exists and is XML', async () => {
    const run = makeRun({ metrics: tableMetrics(BASE) });
    const result = await report({ run, format: 'markdown', cwd });
    expect(result.dir).toBe(path.join(cwd, run.dir));
    const names = (await fs.readdir(result.dir)).sort();
    expect(names).toEqual(['expert-utilisation.svg', 'quadrant.svg', 'report.md', 'training-curves.svg']);
    expect(result.files.map((f) => path.basename(f))).toEqual(['quadrant.svg', 'training-curves.svg', 'expert-utilisation.svg', 'report.md']);
    const md = await fs.readFile(path.join(result.dir, 'report.md'), 'utf8');
    expect(md).toBe(result.markdown);
    for (const model of ['single_task', 'mmoe', 'ple']) expect(md).toMatch(new RegExp(`^\\| ${model} \\| ${model} \\|`, 'm'));
    const links = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links).toEqual(['quadrant.svg', 'training-curves.svg', 'expert-utilisation.svg']);
    for (const link of links) {
      const svg = await fs.readFile(path.join(result.dir, link), 'utf8');
      expect(checkXml(svg)).toMatchObject({ ok: true, root: 'svg' });
    }
  });

  test('report --out writes elsewhere; format json writes report.json equal to summarize() (never summary.json, the finished-run marker)', async () => {
    const run = makeRun({ metrics: tableMetrics(BASE) });
    const result = await report({ run, format: 'json', out: 'elsewhere', cwd });
    expect(result.files).toEqual([path.join(cwd, 'elsewhere', 'report.json')]);
    expect(await fs.readdir(path.join(cwd, 'elsewhere'))).toEqual(['report.json']);
    const written = JSON.parse(await fs.readFile(result.files[0], 'utf8'));
    expect(written).toEqual(summarize(run));
  });

  test('compare --json equals the summary; several runs give one summary each', async () => {
    const run = makeRun({ metrics: tableMetrics(BASE) });
    const one = await compare({ runs: [run], json: true });
    expect(JSON.parse(one.text)).toEqual(summarize(run));
    expect(one.json).toEqual(summarize(run));
    const two = await compare({ runs: [run, makeRun({ metrics: tableMetrics(BASE), runId: 'b' })], json: false });
    expect(Array.isArray(two.json)).toBe(true);
    expect(two.text).toContain('fixture/b');
    await expect(compare({ runs: [] })).rejects.toThrow(/no runs/);
  });

  test('compare names sweep points by their folder', async () => {
    const a = { ...makeRun({ metrics: tableMetrics(BASE) }), dir: 'results/fixture/20260101-000000/lr=0.01' };
    const b = { ...makeRun({ metrics: tableMetrics(BASE) }), dir: 'results/fixture/20260101-000000/lr=0.001' };
    const { text } = await compare({ runs: [a, b] });
    expect(text).toContain('fixture/20260101-000000/lr=0.01 ');
    expect(text).toContain('fixture/20260101-000000/lr=0.001');
  });
});
