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
  const text = JSON.stringify(value, null, 2);
  return text.includes('\n') ? text.replace(/\n/g, `\n${INDENT.repeat(depth)}`) : text;
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
