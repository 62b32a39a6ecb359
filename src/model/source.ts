import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';

/**
 * The text of a hub or scenario file with a way back from a field path to its line, so an error can
 * say "hub.yaml line 12 field battery.chargeEfficiency". JSON is read by the same YAML 1.2 parser.
 */
export interface SourceFile {
  readonly path: string;
  readonly dir: string;
  readonly data: unknown;
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

export function sourceFromText(path: string, dir: string, text: string): SourceFile | { error: string; line?: number } {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line;
    return { error: e.message.split('\n')[0], line };
  }
  const data = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  return {
    path,
    dir,
    data,
    lineOf(fieldPath) {
      for (let k = fieldPath.length; k >= 0; k--) {
        // A field in a map is reported at the line of its key (a block value starts on a later line).
        const key = fieldPath[k - 1];
        const parent = k > 0 && typeof key === 'string' ? doc.getIn(fieldPath.slice(0, k - 1) as unknown[], true) : undefined;
        if (isMap(parent)) {
          const pair = parent.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === key);
          if (pair !== undefined && isNode(pair.key) && pair.key.range) return lineCounter.linePos(pair.key.range[0]).line;
        }
        const node = doc.getIn(fieldPath.slice(0, k) as unknown[], true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
