import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkReportTargets } from '../../src/commands/report-files';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ple-report-files-'));
const file = (name: string, text?: string) => {
  const f = path.join(dir, name);
  if (text !== undefined) writeFileSync(f, text);
  return f;
};

describe('the files a report may replace', () => {
  it('absent ones, and those an earlier `ple report` wrote', async () => {
    await expect(
      checkReportTargets(
        [
          file('absent.md'),
          file('report.md', '# ple study: tiny / 1\n'),
          file('sweep.md', '# ple sweep: s / 1\n'),
          file('quadrant.svg', '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="marks" width="8">'),
          file('report.json', JSON.stringify({ run_id: '1', config_name: 'tiny', tasks: [] })),
          file('sweep.json', JSON.stringify({ study: {}, figure: {}, reports: {} })),
        ],
        dir,
      ),
    ).resolves.toBeUndefined();
  });

  it.each([
    ['a Markdown file of the user', 'README.md', '# My project\n', /^README\.md: exists and is not a file ple report wrote/],
    ['an SVG drawn elsewhere', 'logo.svg', '<svg xmlns="http://www.w3.org/2000/svg">', /^logo\.svg: exists and is not a file ple report wrote/],
    ['JSON of another tool', 'data.json', '{"rows": 3}', /^data\.json: exists and is not a file ple report wrote/],
    ['JSON that does not parse', 'half.json', '{"run_id": ', /^half\.json: exists and is not a file ple report wrote/],
  ])('not %s', async (_name, name, text, pattern) => {
    await expect(checkReportTargets([file(name, text)], dir)).rejects.toThrow(pattern);
  });

  it('not a folder where a file goes', async () => {
    mkdirSync(path.join(dir, 'report-dir.md'));
    await expect(checkReportTargets([file('report-dir.md')], dir)).rejects.toThrow(/^report-dir\.md: is a directory, where the report writes a file/);
  });
});
