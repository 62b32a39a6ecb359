/*
 * A JSON document as text, written a piece at a time: the same bytes as JSON.stringify(document,
 * null, 2) + '\n', without ever holding the whole text (a national rollout's results.json is some
 * hundreds of MB). The document is an object whose members may be `JsonRows`: an array given as a
 * function that makes its elements one at a time, so that not even the elements are held at once.
 */

/** An array member of a streamed document, its elements made one at a time (each plain JSON data). */
export class JsonRows {
  constructor(readonly rows: () => Iterable<unknown>) {}
}

/** A document to stream: a plain object whose members are plain JSON data or JsonRows. */
export type StreamedDocument = Readonly<Record<string, unknown>>;

const INDENT = '  ';

/**
 * JSON.stringify(value, null, 2) of a value nested `depth` levels deep: its own text indented by the
 * levels it sits in. A newline in JSON.stringify's output is always layout (a newline inside a
 * string is written as \n), so indenting after every newline is exact.
 */
function nested(value: unknown, depth: number): string {
  const flat = flatObjectText(value, depth);
  if (flat !== null) return flat;
  const text = JSON.stringify(value, null, 2);
  return text.includes('\n') ? text.replace(/\n/g, `\n${INDENT.repeat(depth)}`) : text;
}

/**
 * nested(value, depth) of a plain object whose members are all numbers, strings, booleans, null or
 * undefined (a table's row), written member by member as JSON.stringify writes them: a number that is
 * not finite as null, -0 as 0, an undefined member left out. Null for any other value (the caller
 * then asks JSON.stringify), so the bytes are the same either way.
 */
function flatObjectText(value: unknown, depth: number): string | null {
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return null;
  const inner = `\n${INDENT.repeat(depth + 1)}`;
  let text = '';
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = (value as Record<string, unknown>)[key];
    let item: string;
    if (typeof v === 'number') item = Number.isFinite(v) ? String(v) : 'null';
    else if (typeof v === 'string') item = JSON.stringify(v);
    else if (v === null) item = 'null';
    else if (typeof v === 'boolean') item = v ? 'true' : 'false';
    else if (v === undefined) continue;
    else return null;
    text += `${text === '' ? '' : ','}${inner}${JSON.stringify(key)}: ${item}`;
  }
  return text === '' ? '{}' : `{${text}\n${INDENT.repeat(depth)}}`;
}

/** The document as text in pieces (a piece per member and per row): JSON.stringify(document, null, 2) + '\n'. */
export function* jsonText(document: StreamedDocument): Generator<string> {
  // JSON.stringify leaves out members whose value is undefined (or a function), and so does this.
  const members = Object.entries(document).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (members.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{';
  for (const [i, [key, value]] of members.entries()) {
    yield `${i === 0 ? '' : ','}\n${INDENT}${JSON.stringify(key)}: `;
    if (!(value instanceof JsonRows)) {
      yield nested(value, 1);
      continue;
    }
    let first = true;
    for (const row of value.rows()) {
      // An element that JSON cannot hold is written as null, as JSON.stringify writes it in an array.
      const text = row === undefined || typeof row === 'function' ? 'null' : nested(row, 2);
      yield `${first ? '[' : ','}\n${INDENT}${INDENT}${text}`;
      first = false;
    }
    yield first ? '[]' : `\n${INDENT}]`;
  }
  yield '\n}\n';
}

/** The document as plain data, every JsonRows made into an array (for the callers that read it, not write it). */
export function jsonData(document: StreamedDocument): Record<string, unknown> {
  return Object.fromEntries(Object.entries(document).map(([k, v]) => [k, v instanceof JsonRows ? [...v.rows()] : v]));
}
