import { describe, expect, it } from 'vitest';
import { roundNumber } from '../src/report/format.js';
import { jsonData, jsonText, JsonRows, JsonTable } from '../src/report/json-text.js';
import { mulberry32 } from '../src/random.js';

/*
 * results.json is written a piece at a time (src/report/json-text.ts), a table's rows as text made
 * member by member. The promise is the bytes of JSON.stringify(document, null, 2) + '\n': checked here
 * on documents of random rows with every kind of value JSON writes in its own way (-0, NaN, Infinity,
 * undefined members, quotes and control characters in strings, integer-like keys, which JSON puts
 * first, nested values, a toJSON member, an empty row).
 */

const SPECIAL = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e21, -1e-7, 123456789012.5, 5e-324, Number.MAX_VALUE];
const TEXTS = ['', 'plain', 'a "quoted" name', 'back\\slash', 'line\nbreak', 'tab\there', '\u0001control', 'ünïcode €', '\ud800 lone surrogate'];
const KEYS = ['name', 'peakKw', '10', '2', 'a b', 'quote"key', 'year', 'ö'];

function value(rand: () => number, depth: number): unknown {
  const r = rand();
  if (r < 0.3) return (rand() - 0.5) * 10 ** Math.floor(rand() * 30 - 10);
  if (r < 0.45) return SPECIAL[Math.floor(rand() * SPECIAL.length)];
  if (r < 0.6) return TEXTS[Math.floor(rand() * TEXTS.length)];
  if (r < 0.67) return null;
  if (r < 0.73) return rand() < 0.5;
  if (r < 0.8) return undefined;
  if (r < 0.85 && depth < 2) return [value(rand, depth + 1), value(rand, depth + 1)];
  if (r < 0.9 && depth < 2) return row(rand, depth + 1);
  if (r < 0.92) return { toJSON: () => 'from toJSON' };
  return Math.floor(rand() * 1e6);
}

function row(rand: () => number, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const members = Math.floor(rand() * 6);
  for (let i = 0; i < members; i++) out[KEYS[Math.floor(rand() * KEYS.length)]] = value(rand, depth);
  return out;
}

describe('jsonText', () => {
  it('writes the bytes of JSON.stringify(document, null, 2) for random documents of rows', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = mulberry32(seed);
      const rows = Array.from({ length: Math.floor(rand() * 5) }, () => (rand() < 0.1 ? value(rand, 0) : row(rand, 0)));
      const document = { schemaVersion: 2, name: 'random', header: row(rand, 0), rows: new JsonRows(() => rows), after: value(rand, 0) };
      const text = [...jsonText(document)].join('');
      expect(text, `seed ${seed}`).toBe(`${JSON.stringify(jsonData(document), null, 2)}\n`);
    }
  });

  it('writes a JsonTable\'s rows as JSON.stringify writes the objects they stand for', () => {
    const NAMES = ['name', 'peakKw', 'a b', 'quote"key', 'year', 'ö', 'x1', '01'];
    for (let seed = 1; seed <= 300; seed++) {
      const rand = mulberry32(seed);
      const names = NAMES.filter(() => rand() < 0.7);
      const rows = Array.from({ length: Math.floor(rand() * 5) }, () => names.map(() => value(rand, 0)));
      const document = { schemaVersion: 2, table: new JsonTable(names, () => rows), after: value(rand, 0) };
      const text = [...jsonText(document)].join('');
      const objects = rows.map((values) => Object.fromEntries(names.flatMap((n, i) => (values[i] === undefined ? [] : [[n, values[i]]]))));
      expect(text, `seed ${seed}`).toBe(`${JSON.stringify({ ...document, table: objects }, null, 2)}\n`);
      expect(jsonData(document).table, `seed ${seed}`).toEqual(objects);
    }
  });

  it('writes a rounded JsonTable\'s numbers as JSON.stringify writes their roundNumber', () => {
    const names = ['a', 'b', 'c', 'd'];
    const rand = mulberry32(19);
    const rows = Array.from({ length: 300 }, () => names.map(() => (rand() < 0.2 ? value(rand, 0) : (rand() - 0.3) * 10 ** Math.floor(rand() * 30 - 12))));
    const rounded = (v: unknown): unknown => (typeof v === 'number' && Number.isFinite(v) ? roundNumber(v) : v);
    const document = { table: new JsonTable(names, () => rows, true) };
    const objects = rows.map((values) => Object.fromEntries(names.flatMap((n, i) => (values[i] === undefined ? [] : [[n, rounded(values[i])]]))));
    expect([...jsonText(document)].join('')).toBe(`${JSON.stringify({ table: objects }, null, 2)}\n`);
    expect(jsonData(document).table).toEqual(objects);
  });

  it('refuses table member names that JSON.stringify would reorder or that repeat', () => {
    expect(() => new JsonTable(['name', '10'], () => [])).toThrow(/array index/);
    expect(() => new JsonTable(['name', 'name'], () => [])).toThrow(/repeat/);
  });
});

