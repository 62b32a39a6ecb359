import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse';
import { fail, quote, quoteList } from '../errors.js';
import { readUserFile } from '../files.js';
import { MAX_PROFILE_VALUE } from '../limits.js';
import { isoUtc } from '../time/axis.js';
import { parseTimestamp, type TimeZoneName } from '../time/timestamp.js';
import type { RegularSeries } from './series.js';

/** A decimal number as a CSV writes one (spaces around it allowed): 12, -0.5, .5, 1.2e3. */
const DECIMAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/; // one way to match each string: linear time

const TIME_COLUMNS = ['time_utc', 'time', 'timestamp', 'datetime', 'date_time'];

export interface ReadProfileOptions {
  /** The value column; may be omitted when the file has exactly one column besides the time. */
  column?: string;
  /** How to read timestamps that carry no offset. */
  timezone: TimeZoneName;
  /** The name to show in messages (defaults to the path). */
  displayName?: string;
  /**
   * A shipped file (one row per line, no comments or blank lines, checked by tests/profiles.test.ts):
   * read without csv-parse's per-record line tracking, which costs more than the parsing itself.
   */
  shipped?: boolean;
}

interface Row {
  record: string[];
  info: { lines: number };
}

/**
 * Read a profile CSV: a header, a time column and value columns, one row per step. Every problem is a
 * HubsimError naming the file, line and what to do: non-numeric or missing cells, duplicate,
 * unsorted or unparsable timestamps, gaps, unknown columns, an empty file.
 */
export function readProfileCsv(path: string, options: ReadProfileOptions): RegularSeries {
  const file = options.displayName ?? path;
  let text = readUserFile(path, 'profile.notFound', file, 'check the path (relative paths are relative to the hub file)');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') fail('profile.empty', { file }, 'the file is empty; it needs a header and one row per step');

  let rows: Row[];
  try {
    rows = options.shipped
      ? (parse(text) as string[][]).map((record, i) => ({ record, info: { lines: i + 1 } }))
      : (parse(text, { info: true, skip_empty_lines: true, trim: true, comment: '#' }) as unknown as Row[]);
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      fail('profile.badRow', { file, line }, `${err.message.replace(/^Invalid Record Length: /, '')}; every row needs the same columns as the header`);
    }
    throw err;
  }
  if (rows.length === 0) fail('profile.empty', { file }, 'the file has no header or rows (only comments or blank lines); it needs a header and one row per step');
  const header = rows[0].record;
  const timeIndex = findTimeColumn(header);
  const valueIndex = findValueColumn(header, timeIndex, options.column, file);
  const column = header[valueIndex];
  if (rows.length < 3) {
    fail('profile.empty', { file }, `the file has ${rows.length - 1} data row(s); a profile needs at least two steps`);
  }

  const n = rows.length - 1;
  const values = new Float64Array(n);
  let startMs = 0;
  let stepMs = 0;
  let prevMs = Number.NEGATIVE_INFINITY;
  // A shipped file's timestamps are regular by construction (checked row by row in the tests): read
  // the first two and the last, and check they agree, instead of parsing every one.
  const regular = options.shipped === true ? shippedSpan(rows, timeIndex, file) : undefined;
  for (let r = 1; r <= n; r++) {
    const { record, info } = rows[r];
    const line = info.lines;
    if (regular === undefined) {
      const stamp = record[timeIndex];
      const parsed = parseTimestamp(stamp, options.timezone);
      if (!parsed.ok) fail('profile.badTimestamp', { file, line }, parsed.reason);
      const later = parsed.candidatesMs.find((t) => t > prevMs);
      if (later === undefined) {
        const same = parsed.candidatesMs.includes(prevMs);
        if (same) fail('profile.duplicateTimestamp', { file, line }, `timestamp ${stamp} repeats the previous row; remove the duplicate`);
        fail('profile.unsortedTimestamp', { file, line }, `timestamp ${stamp} comes before the previous row's; sort the rows by time`);
      }
      if (r === 1) startMs = later;
      else if (r === 2) stepMs = later - prevMs;
      else if (later - prevMs !== stepMs) {
        fail(
          'profile.gap',
          { file, line },
          `expected ${isoUtc(prevMs + stepMs)} after ${isoUtc(prevMs)} but found ${quote(stamp)}; the file must have one row per ${stepMs / 60_000}-minute step with no gaps`,
        );
      }
      prevMs = later;
    }

    const cell = record[valueIndex];
    if (cell === '') fail('profile.missingValue', { file, line }, `column ${column} is empty; fill in a value`);
    // Decimal numbers only: Number() would also read 0x10, 0b1, Infinity and NaN, none a measured value.
    if (!DECIMAL.test(cell)) fail('profile.notNumeric', { file, line }, `${quote(cell)} in column ${column} is not a number`);
    const value = Number(cell);
    if (!Number.isFinite(value) || Math.abs(value) > MAX_PROFILE_VALUE) fail('profile.absurdValue', { file, line }, `${quote(cell)} in column ${column} is beyond ${MAX_PROFILE_VALUE.toExponential()} in magnitude; check the unit of the file`);
    values[r - 1] = value;
  }
  if (regular !== undefined) ({ startMs, stepMs } = regular);
  return { startMs, stepMs, values, file, column };
}

/** Start and step of a shipped file from its first, second and last timestamps (UTC with Z). */
function shippedSpan(rows: Row[], timeIndex: number, file: string): { startMs: number; stepMs: number } {
  const at = (r: number): number => {
    const parsed = parseTimestamp(rows[r].record[timeIndex], 'UTC');
    if (!parsed.ok) fail('profile.badTimestamp', { file, line: rows[r].info.lines }, parsed.reason);
    return parsed.candidatesMs[0];
  };
  const n = rows.length - 1;
  const startMs = at(1);
  const stepMs = at(2) - startMs;
  if (!(stepMs > 0) || at(n) !== startMs + (n - 1) * stepMs) {
    fail('profile.gap', { file }, 'a shipped profile is not one row per step; rebuild profiles/ with npm run profiles');
  }
  return { startMs, stepMs };
}

function findTimeColumn(header: string[]): number {
  const lower = header.map((h) => h.toLowerCase());
  for (const name of TIME_COLUMNS) {
    const i = lower.indexOf(name);
    if (i >= 0) return i;
  }
  return 0;
}

function findValueColumn(header: string[], timeIndex: number, wanted: string | undefined, file: string): number {
  if (wanted !== undefined) {
    const i = header.indexOf(wanted);
    if (i < 0 || i === timeIndex) {
      fail('profile.unknownColumn', { file, line: 1 }, `no column ${quote(wanted)}; the header has ${quoteList(header)}`);
    }
    return i;
  }
  const others = header.map((_, i) => i).filter((i) => i !== timeIndex);
  if (others.length === 1) return others[0];
  if (others.length === 0) fail('profile.unknownColumn', { file, line: 1 }, 'the file has no value column besides the time');
  fail('profile.ambiguousColumn', { file, line: 1 }, `the file has columns ${quoteList(header)}; say which to use with "column"`);
}
