/**
 * A tiny XML well-formedness check for the SVG tests: one root element,
 * balanced and properly nested tags, quoted attributes, known entities. Not a
 * full parser (no DTDs), which SVG from vega does not need.
 */
export function checkXml(text: string): { ok: true; root: string; elements: number } | { ok: false; error: string } {
  const tokens = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<\/?[^<>]*>|[^<]+/g;
  const stack: string[] = [];
  let root = '';
  let elements = 0;
  let closedRoot = false;
  const badEntity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  for (const m of text.matchAll(tokens)) {
    const tok = m[0];
    if (tok.startsWith('<!--') || tok.startsWith('<![CDATA[') || tok.startsWith('<?')) continue;
    if (!tok.startsWith('<')) {
      if (badEntity.test(tok)) return { ok: false, error: `bad entity in text near ${tok.slice(0, 40)}` };
      if (stack.length === 0 && tok.trim() !== '') return { ok: false, error: 'text outside the root element' };
      continue;
    }
    const close = /^<\/([A-Za-z_][\w:.-]*)\s*>$/.exec(tok);
    if (close) {
      const open = stack.pop();
      if (open !== close[1]) return { ok: false, error: `</${close[1]}> closes <${open}>` };
      if (stack.length === 0) closedRoot = true;
      continue;
    }
    const open = /^<([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>$/.exec(tok);
    if (!open) return { ok: false, error: `malformed tag ${tok.slice(0, 60)}` };
    if (badEntity.test(open[2])) return { ok: false, error: `bad entity in attributes of <${open[1]}>` };
    if (closedRoot) return { ok: false, error: 'second root element' };
    if (!root) root = open[1];
    elements++;
    if (open[3] !== '/') stack.push(open[1]);
    else if (stack.length === 0) closedRoot = true;
  }
  if (stack.length > 0) return { ok: false, error: `unclosed <${stack[stack.length - 1]}>` };
  if (!root) return { ok: false, error: 'no root element' };
  return { ok: true, root, elements };
}
