/** JSON pointer → 1-based line in a YAML/JSON source, for editor and CI annotations. */
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export function pointerLine(source: string, pointer: string): number | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, uniqueKeys: false });
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc.contents;
  let line: number | undefined = lineOf(node as Node, counter);
  for (const token of tokens) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value) === token);
      if (!pair) break;
      line = lineOf(pair.key as Node, counter) ?? line;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(token)];
      if (item === undefined) break;
      line = lineOf(item as Node, counter) ?? line;
      node = item;
    } else break;
  }
  return line;
}

function lineOf(node: Node | null | undefined, counter: LineCounter): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : counter.linePos(start).line;
}
