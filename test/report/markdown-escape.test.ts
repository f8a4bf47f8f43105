import { renderMarkdown } from '../../src/report/markdown';
import { cell, mdCode, mdParagraph, mdText } from '../../src/report/markdown-util';
import { summarize } from '../../src/study/summary';
import { makeRun, tableMetrics } from '../study/fixtures';

describe('escaping for Markdown', () => {
  it.each([
    ['HTML', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['an entity', 'R&amp;D', 'R&amp;amp;D'],
    ['emphasis, code and links', '*a* `b` [c](http://x) ~~d~~ $e$', '\\*a\\* \\`b\\` \\[c\\](http://x) \\~\\~d\\~\\~ \\$e\\$'],
    ['a backslash', 'a\\*', 'a\\\\\\*'],
    ['underscores at word ends, not inside', '_x_ single_task', '\\_x\\_ single_task'],
    ['a heading marker and line breaks', '# a\nb', '\\# a b'],
  ])('mdText escapes %s', (_name, text, escaped) => {
    expect(mdText(text)).toBe(escaped);
  });

  it('mdParagraph keeps lines but no line starts a list, heading, quote or table', () => {
    expect(mdParagraph('- item\n1. one\n> quote\n\na | b')).toBe('\\- item\n1\\. one\n&gt; quote\n\na \\| b');
  });

  it.each([
    ['plain text', 'data/x.arrow', '`data/x.arrow`'],
    ['a backtick', 'data/`x`.arrow', '``data/`x`.arrow``'],
    ['a backtick at an end', '`x', '`` `x ``'],
    ['a run of backticks', 'a``b', '```a``b```'],
    ['a line break', 'a\nb', '`a b`'],
  ])('mdCode fences %s so the span cannot be closed early', (_name, text, span) => {
    expect(mdCode(text)).toBe(span);
  });

  it('cell escapes a pipe once, and not one mdText or mdParagraph escaped', () => {
    expect(cell('a|b||c')).toBe('a\\|b\\|\\|c');
    expect(cell(mdParagraph('a|b'))).toBe('a\\|b');
    expect(cell(mdText('a\\|b'))).toBe('a\\\\\\|b');
  });

  it("a report carries the config's and the data's strings as text, never as markup", () => {
    const run = makeRun({ metrics: tableMetrics({ single_task: { vtr: 0.68, vcr: 0.13 }, mmoe: { vtr: 0.69, vcr: 0.13 }, ple: { vtr: 0.7, vcr: 0.12 } }) });
    run.config.description = '<script>alert(1)</script>\n# not a heading\n[click](javascript:alert(1))';
    run.config.tasks[1].mask = 'view`ed';
    run.manifest.data.path = 'data/`$(rm -rf)`<b>.arrow';
    run.manifest.backend = '<img src=x onerror=alert(1)>';
    const md = renderMarkdown(run, summarize(run), []);
    expect(md).not.toMatch(/<script|<img/); // <b> stays only inside the code span, where it is text
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;\n\\# not a heading\n\\[click\\](javascript:alert(1))');
    expect(md).toContain('mask ``view`ed``');
    expect(md).toContain('``data/`$(rm -rf)`<b>.arrow``');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
