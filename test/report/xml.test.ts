import { checkXml } from './xml';

describe('the test XML checker', () => {
  test.each([
    ['<svg a="1"><g><rect/></g><text>a &amp; b</text></svg>', true],
    ['<?xml version="1.0"?><!-- c --><svg><g></g></svg>', true],
    ['<svg><g></svg>', false],
    ['<svg><g></g>', false],
    ['<svg a=1></svg>', false],
    ['<svg><text>a & b</text></svg>', false],
    ['<svg></svg><svg></svg>', false],
  ])('%s → %p', (xml, ok) => {
    expect(checkXml(xml).ok).toBe(ok);
  });
});
