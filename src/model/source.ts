import { createHash } from 'node:crypto';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import { quote } from '../errors.js';

/**
 * The text of a hub or scenario file with a way back from a field path to its line, so an error can
 * say "hub.yaml line 12 field battery.chargeEfficiency".
 */
export interface SourceFile {
  readonly path: string;
  readonly dir: string;
  readonly data: unknown;
  lineOf(path: readonly PropertyKey[]): number | undefined;
  /** Where `data` sits in the file, when it is part of a larger document (a rollout's inline hub). */
  readonly fieldPrefix?: readonly (string | number)[];
}

/** A field of a source's data as the file names it: its path with the source's place in the file first. */
export function sourceField(source: Pick<SourceFile, 'fieldPrefix'>, path: readonly PropertyKey[]): string {
  return fieldPath([...(source.fieldPrefix ?? []), ...path]);
}

/** Whether a document is read as JSON (by its name: .json), not as YAML. */
export function isJsonPath(path: string): boolean {
  return path.toLowerCase().endsWith('.json');
}

export function sourceFromText(path: string, dir: string, text: string): SourceFile | { error: string; line?: number } {
  const lineCounter = new LineCounter();
  // A .json file must be JSON (a trailing comma or a comment is an error there, though YAML takes
  // it); its data come from the JSON parser, its lines from the YAML one (JSON is YAML 1.2).
  let json: { data: unknown } | null = null;
  if (isJsonPath(path)) {
    try {
      json = { data: JSON.parse(text) as unknown };
    } catch (err) {
      return jsonError(text, (err as Error).message);
    }
  }
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: json === null });
  if (doc.errors.length > 0 && json === null) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line;
    return { error: e.message.split('\n')[0], line };
  }
  let data: unknown;
  if (json !== null) data = json.data;
  else {
    try {
      // Aliases are expanded here; the yaml library refuses a document whose expansion explodes.
      data = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    } catch (err) {
      return { error: `${(err as Error).message.split('\n')[0]} (aliases: at most 1000 expansions)` };
    }
  }
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

/**
 * A document parsed before, in another thread: its data (the plain values the parser gave) and the
 * SHA-256 of its text. A thread that reads the same text takes the data instead of parsing it again
 * (a national scenario is megabytes of YAML).
 */
export interface ParsedDocument {
  readonly sha256: string;
  readonly data: unknown;
}

/** The SHA-256 of a document's text, as ParsedDocument holds it. */
export function documentSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The source of a text parsed before (`data`): its lines are found, for an error message, by parsing
 * the text when first asked.
 */
export function sourceFromParsed(path: string, dir: string, text: string, data: unknown): SourceFile {
  let lines: SourceFile | null = null;
  return {
    path,
    dir,
    data,
    lineOf(fieldPath) {
      if (lines === null) {
        const parsed = sourceFromText(path, dir, text);
        if ('error' in parsed) return undefined;
        lines = parsed;
      }
      return lines.lineOf(fieldPath);
    },
  };
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** A JSON syntax error with its line (from the parser's "position N"), the offending token quoted. */
function jsonError(text: string, message: string): { error: string; line?: number } {
  const at = /position (\d+)/.exec(message);
  const line = at === null ? undefined : text.slice(0, Number(at[1])).split('\n').length;
  const token = /^Unexpected token '([\s\S]*?)', /.exec(message);
  const what = token !== null ? `unexpected character ${quote(token[1])}` : message.replace(/ in JSON at position \d+.*$/, '').replace(/ at position \d+.*$/, '');
  return { error: `invalid JSON: ${what}`, line };
}
