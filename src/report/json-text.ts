import { roundedNumberText, roundNumber } from './format.js';

/*
 * A JSON document as text, written a piece at a time: the same bytes as JSON.stringify(document,
 * null, 2) + '\n', without ever holding the whole text (a national rollout's results.json is some
 * hundreds of MB). The document is an object whose members may be `JsonRows`: an array given as a
 * function that makes its elements one at a time, so that not even the elements are held at once; or
 * a `JsonTable`, the same for rows of one shape.
 */

/** An array member of a streamed document, its elements made one at a time (each plain JSON data). */
export class JsonRows {
  constructor(readonly rows: () => Iterable<unknown>) {}
}

/**
 * An array member of a streamed document whose elements are objects of one shape, a table's rows:
 * the members' names once, and each row as its values in the names' order (an undefined value leaves
 * its member out, as JSON.stringify does). The names are written once as JSON text instead of once
 * per row; no name may be an array index, which JSON.stringify would put before the others. A table
 * made with `rounded` holds its numbers to 12 significant digits (roundNumber, results.json's
 * convention): each number stands for roundNumber of itself, and is written so in one step.
 */
export class JsonTable {
  readonly keyTexts: readonly string[];

  constructor(
    readonly names: readonly string[],
    readonly rows: () => Iterable<readonly unknown[]>,
    readonly rounded = false,
  ) {
    for (const name of names) if (/^(0|[1-9][0-9]*)$/.test(name) && Number(name) < 2 ** 32 - 1) throw new Error(`JsonTable: member name ${name} is an array index; JSON.stringify would write it first`);
    if (new Set(names).size !== names.length) throw new Error('JsonTable: member names repeat');
    this.keyTexts = names.map((name) => `${JSON.stringify(name)}: `);
  }

  /** The row as a plain object (what JSON.stringify would be given). */
  object(values: readonly unknown[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.names.forEach((name, i) => {
      const v = values[i];
      if (v !== undefined) out[name] = this.rounded && typeof v === 'number' ? roundNumber(v) : v;
    });
    return out;
  }
}

/** A document to stream: a plain object whose members are plain JSON data, JsonRows or JsonTable. */
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
    if (v === undefined) continue;
    const item = flatItem(v);
    if (item === null) return null;
    text += `${text === '' ? '' : ','}${inner}${JSON.stringify(key)}: ${item}`;
  }
  return text === '' ? '{}' : `{${text}\n${INDENT.repeat(depth)}}`;
}

/**
 * JSON.stringify's text of a number (not finite: null; -0: 0), string, boolean or null; null for any
 * other value.
 */
function flatItem(v: unknown): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return null;
}

/** nested(table.object(values), depth), written from the table's member names made into text once. */
function tableRowText(table: JsonTable, values: readonly unknown[], depth: number): string {
  const inner = `\n${INDENT.repeat(depth + 1)}`;
  const keys = table.keyTexts;
  let text = '';
  for (let i = 0; i < keys.length; i++) {
    const v = values[i];
    if (v === undefined) continue;
    const item = table.rounded && typeof v === 'number' ? roundedNumberText(v) : flatItem(v);
    if (item === null) return nested(table.object(values), depth);
    text += `${text === '' ? '' : ','}${inner}${keys[i]}${item}`;
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
    if (value instanceof JsonTable) {
      let first = true;
      for (const values of value.rows()) {
        yield `${first ? '[' : ','}\n${INDENT}${INDENT}${tableRowText(value, values, 2)}`;
        first = false;
      }
      yield first ? '[]' : `\n${INDENT}]`;
      continue;
    }
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

/** The document as plain data, every JsonRows and JsonTable made into an array (for the callers that read it, not write it). */
export function jsonData(document: StreamedDocument): Record<string, unknown> {
  const data = (v: unknown): unknown => (v instanceof JsonRows ? [...v.rows()] : v instanceof JsonTable ? Array.from(v.rows(), (values) => v.object(values)) : v);
  return Object.fromEntries(Object.entries(document).map(([k, v]) => [k, data(v)]));
}
