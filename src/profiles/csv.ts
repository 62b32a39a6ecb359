import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse';
import { fail, quote, quoteList } from '../errors.js';
import { readUserFile } from '../files.js';
import { MAX_PROFILE_VALUE } from '../limits.js';
import { isoUtc } from '../time/axis.js';
import { parseTimestamp, yearLast, type TimeZoneName } from '../time/timestamp.js';
import type { RegularSeries } from './series.js';

/** A decimal number as a CSV writes one (spaces around it allowed): 12, -0.5, .5, 1.2e3. */
const DECIMAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/; // one way to match each string: linear time
/** The same with a decimal comma: 12, -0,5, ,5, 1,2e3. */
const DECIMAL_COMMA = /^\s*[+-]?(?:\d+(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?\s*$/;
/** A decimal-comma number with dots grouping thousands: 1.234,5 or 12.345.678. */
const GROUPED_COMMA = /^\s*[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?\s*$/;

const TIME_COLUMNS = ['time_utc', 'time', 'timestamp', 'datetime', 'date_time'];
/** A date column and a time-of-day column that together make the timestamp (a Dutch export's Datum;Tijd). */
const DATE_COLUMNS = ['date', 'datum'];
const CLOCK_COLUMNS = ['time', 'tijd'];

export type Delimiter = ',' | ';' | '\t' | '|';
export type FillMethod = 'linear' | 'previous' | 'zero';

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
  /** Field separator; detected from the header line when absent. */
  delimiter?: Delimiter;
  /** Decimal mark; detected from the values when absent. */
  decimal?: '.' | ',';
  /** The time column, or the columns joined to make the timestamp. */
  time?: string | readonly string[];
  /** Dates written day first (31-12-2023) or month first (12/31/2023); detected when absent. */
  dayFirst?: boolean;
  /** Whether a timestamp labels the start (default) or the end of its interval. */
  label?: 'start' | 'end';
  /** How missing intervals are filled; absent: they are refused. */
  fill?: FillMethod;
}

interface Row {
  record: string[];
  info: { lines: number };
}

/** What the reader learnt about the file's layout; also shown in errors. */
interface Layout {
  delimiter: Delimiter;
  timeIndexes: number[];
  valueIndex: number;
  column: string;
}

/**
 * Read a profile CSV: a header, a time column (or several that make the timestamp) and value columns,
 * one row per interval. Meter exports are read as they come: the separator and the decimal comma are
 * detected, dates may be day first, timestamps may label the end of each interval, and missing
 * intervals are filled when `fill` says how (counted in the series). Every problem is a HubsimError
 * naming the file, line and what to do: non-numeric cells, duplicate, unsorted or unparsable
 * timestamps, missing intervals, unknown columns, an empty file.
 */
export function readProfileCsv(path: string, options: ReadProfileOptions): RegularSeries {
  const file = options.displayName ?? path;
  const text = readUserFile(path, 'profile.notFound', file, 'check the path');
  if (text.trim() === '') fail('profile.empty', { file }, 'the file is empty; it needs a header and one row per step');

  const delimiter = options.delimiter ?? detectDelimiter(text);
  let rows: Row[];
  try {
    rows = options.shipped
      ? (parse(text) as string[][]).map((record, i) => ({ record, info: { lines: i + 1 } }))
      : (parse(text, { delimiter, info: true, skip_empty_lines: true, trim: true, comment: '#' }) as unknown as Row[]);
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      const separator = options.delimiter === undefined ? `the separator ${describeDelimiter(delimiter)} (detected from the header; set delimiter if it is another)` : `the separator ${describeDelimiter(delimiter)}`;
      fail('profile.badRow', { file, line }, `${err.message.replace(/^Invalid Record Length: /, '')}; every row needs the same columns as the header, split by ${separator}`);
    }
    throw err;
  }
  if (rows.length === 0) fail('profile.empty', { file }, 'the file has no header or rows (only comments or blank lines); it needs a header and one row per step');
  const header = rows[0].record;
  const timeIndexes = findTimeColumns(header, options.time, file);
  const valueIndex = findValueColumn(header, timeIndexes, options.column, file, delimiter, options.delimiter === undefined);
  const layout: Layout = { delimiter, timeIndexes, valueIndex, column: header[valueIndex] };
  if (rows.length < 3) {
    fail('profile.empty', { file }, `the file has ${rows.length - 1} data row(s); a profile needs at least two steps`);
  }
  if (options.shipped === true) return readShipped(rows, layout, file);

  const decimal = options.decimal ?? detectDecimal(rows, layout);
  const dayFirst = options.dayFirst ?? detectDayFirst(rows, layout, file);
  const n = rows.length - 1;
  // The instant of each row's label, and its value (NaN: an empty cell, a missing interval).
  const labels = new Float64Array(n);
  const cells = new Float64Array(n);
  let prevMs = Number.NEGATIVE_INFINITY;
  for (let r = 1; r <= n; r++) {
    const { record, info } = rows[r];
    const line = info.lines;
    const stamp = timeIndexes.map((i) => record[i]).join(' ');
    const parsed = parseTimestamp(stamp, options.timezone, dayFirst);
    if (!parsed.ok) fail('profile.badTimestamp', { file, line }, parsed.reason);
    const later = parsed.candidatesMs.find((t) => t > prevMs);
    if (later === undefined) {
      const same = parsed.candidatesMs.includes(prevMs);
      const columns = timeIndexes.length > 1 ? '' : `; if the time of day is in a column of its own, name both columns: time: [${quote(header[timeIndexes[0]], 40)}, <time column>]`;
      if (same) fail('profile.duplicateTimestamp', { file, line }, `timestamp ${quote(stamp)} repeats the previous row; remove the duplicate${columns}`);
      fail('profile.unsortedTimestamp', { file, line }, `timestamp ${quote(stamp)} comes before the previous row's; sort the rows by time`);
    }
    labels[r - 1] = later;
    prevMs = later;
    cells[r - 1] = readValue(record[valueIndex], decimal, layout.column, file, line, options.fill !== undefined);
  }

  const stepMs = mostCommonStep(labels);
  // Rows as positions on the regular grid of that step; a row off the grid is an irregular file.
  let missing = 0;
  let firstMissing: { line: number; expectedMs: number } | undefined;
  for (let r = 1; r < n; r++) {
    const gap = labels[r] - labels[r - 1];
    if (gap % stepMs !== 0) {
      fail('profile.gap', { file, line: rows[r + 1].info.lines }, `${quote(timeIndexes.map((i) => rows[r + 1].record[i]).join(' '))} is not a whole number of ${stepMs / 60_000}-minute steps after the previous row; the file must have one row per step`);
    }
    if (gap > stepMs) {
      missing += gap / stepMs - 1;
      firstMissing ??= { line: rows[r + 1].info.lines, expectedMs: labels[r - 1] + stepMs };
    }
  }
  if (missing > 0 && options.fill === undefined) {
    const at = firstMissing!;
    fail(
      'profile.gap',
      { file, line: at.line },
      `${missing} ${stepMs / 60_000}-minute interval(s) missing, the first from ${isoUtc(at.expectedMs + (options.label === 'end' ? -stepMs : 0))}, before this line; add the rows, or set fill: linear, previous or zero to fill them (the filled steps are counted in the results)`,
    );
  }
  if (missing > n) {
    fail('profile.gap', { file, line: firstMissing!.line }, `${missing} ${stepMs / 60_000}-minute intervals are missing between ${n} rows: more missing than present, which no fill stands in for; supply the data`);
  }
  const steps = (labels[n - 1] - labels[0]) / stepMs + 1;
  const values = new Float64Array(steps).fill(Number.NaN);
  for (let r = 0; r < n; r++) values[(labels[r] - labels[0]) / stepMs] = cells[r];
  let empty = 0;
  for (let r = 0; r < n; r++) if (Number.isNaN(cells[r])) empty++;
  const filled = missing + empty;
  if (filled > 0) fillMissing(values, options.fill!, file);
  // A label at the end of its interval: the series starts one step before the first label.
  const startMs = labels[0] - (options.label === 'end' ? stepMs : 0);
  return { startMs, stepMs, values, file, column: layout.column, filledSteps: filled, fill: filled > 0 ? options.fill : undefined };
}

/** A shipped file: timestamps regular by construction; read the first two and the last, and every value. */
function readShipped(rows: Row[], layout: Layout, file: string): RegularSeries {
  const n = rows.length - 1;
  const values = new Float64Array(n);
  for (let r = 1; r <= n; r++) values[r - 1] = readValue(rows[r].record[layout.valueIndex], '.', layout.column, file, rows[r].info.lines, false);
  const timeIndex = layout.timeIndexes[0];
  const at = (r: number): number => {
    const parsed = parseTimestamp(rows[r].record[timeIndex], 'UTC');
    if (!parsed.ok) fail('profile.badTimestamp', { file, line: rows[r].info.lines }, parsed.reason);
    return parsed.candidatesMs[0];
  };
  const startMs = at(1);
  const stepMs = at(2) - startMs;
  if (!(stepMs > 0) || at(n) !== startMs + (n - 1) * stepMs) {
    fail('profile.gap', { file }, 'a shipped profile is not one row per step; rebuild profiles/ with npm run profiles');
  }
  return { startMs, stepMs, values, file, column: layout.column, filledSteps: 0, fill: undefined };
}

/** One value cell as a number; an empty cell is NaN when it may be filled, else an error. */
function readValue(cell: string, decimal: '.' | ',', column: string, file: string, line: number, mayFill: boolean): number {
  if (cell === '') {
    if (mayFill) return Number.NaN;
    fail('profile.missingValue', { file, line }, `column ${column} is empty; fill in a value, or set fill: linear, previous or zero`);
  }
  let text: string;
  if (decimal === '.') {
    // Decimal numbers only: Number() would also read 0x10, 0b1, Infinity and NaN, none a measured value.
    if (!DECIMAL.test(cell)) {
      const hint = DECIMAL_COMMA.test(cell) ? '; the file seems to use decimal commas: set decimal: ","' : '';
      fail('profile.notNumeric', { file, line }, `${quote(cell)} in column ${column} is not a number${hint}`);
    }
    text = cell;
  } else if (DECIMAL_COMMA.test(cell)) text = cell.replace(',', '.');
  else if (GROUPED_COMMA.test(cell)) text = cell.replaceAll('.', '').replace(',', '.');
  else fail('profile.notNumeric', { file, line }, `${quote(cell)} in column ${column} is not a number with a decimal comma (as 12,5 or 1.234,5); set decimal: "." if the file uses decimal points`);
  const value = Number(text);
  if (!Number.isFinite(value) || Math.abs(value) > MAX_PROFILE_VALUE) fail('profile.absurdValue', { file, line }, `${quote(cell)} in column ${column} is beyond ${MAX_PROFILE_VALUE.toExponential()} in magnitude; check the unit of the file`);
  return value;
}

/** The separator of the header line: the most frequent of ; tab , | outside quotes (ties in that order). */
function detectDelimiter(text: string): Delimiter {
  const lines = text.split(/\r?\n/, 200);
  const header = lines.find((l) => l.trim() !== '' && !l.trimStart().startsWith('#')) ?? '';
  const bare = header.replace(/"[^"]*"/g, '');
  let best: Delimiter = ',';
  let most = 0;
  for (const d of [';', '\t', ',', '|'] as const) {
    const count = bare.split(d).length - 1;
    if (count > most) {
      best = d;
      most = count;
    }
  }
  return best;
}

function describeDelimiter(d: Delimiter): string {
  return d === '\t' ? 'tab' : quote(d);
}

/** A decimal comma when the separator is not a comma and some value holds a comma. */
function detectDecimal(rows: Row[], layout: Layout): '.' | ',' {
  if (layout.delimiter === ',') return '.';
  for (let r = 1; r < rows.length; r++) if (rows[r].record[layout.valueIndex].includes(',')) return ',';
  return '.';
}

/**
 * Day first or month first, for dates written with the year last: a first field above 12 is a day,
 * a second field above 12 is one; with no day above 12, dashes and dots are day first and slashes an
 * error. Undefined when every date is year first.
 */
function detectDayFirst(rows: Row[], layout: Layout, file: string): boolean | undefined {
  let dayFirst = false;
  let monthFirst = false;
  let first: number | undefined;
  for (let r = 1; r < rows.length; r++) {
    const d = yearLast(rows[r].record[layout.timeIndexes[0]]);
    if (d === null) continue;
    first ??= rows[r].info.lines;
    if (d.first > 12) dayFirst = true;
    if (d.second > 12) monthFirst = true;
    if (dayFirst && monthFirst) break;
  }
  if (first === undefined) return undefined;
  if (dayFirst && monthFirst) fail('profile.badTimestamp', { file, line: first }, 'the dates put the day first in some rows and the month first in others; write them one way, or set dayFirst and fix the rows that differ');
  if (!dayFirst && !monthFirst) {
    // No day above 12: dashes and dots (31-12-2023, 31.12.2023) are the European day-first order;
    // slashes are written both ways, so the file must say.
    const cell = rows.find((row, r) => r > 0 && yearLast(row.record[layout.timeIndexes[0]]) !== null)!.record[layout.timeIndexes[0]];
    if (!cell.includes('/')) return true;
    fail('profile.badTimestamp', { file, line: first }, `${quote(cell)}: the dates are written with the year last and no day above 12, so day and month cannot be told apart; set dayFirst: true (31/12/2023) or false (12/31/2023)`);
  }
  return dayFirst;
}

/** The step of a file: the most common difference between consecutive rows (a gap is rarer than a step). */
function mostCommonStep(labels: Float64Array): number {
  const counts = new Map<number, number>();
  for (let r = 1; r < labels.length; r++) {
    const d = labels[r] - labels[r - 1];
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best = 0;
  let most = 0;
  for (const [d, c] of counts) if (c > most || (c === most && d < best)) [best, most] = [d, c];
  return best;
}

/**
 * Fill the NaN steps of a series (never the first or last, which are rows of the file unless empty):
 * linear interpolates between the values either side, previous repeats the last value, zero puts 0.
 */
function fillMissing(values: Float64Array, method: FillMethod, file: string): void {
  const n = values.length;
  if (Number.isNaN(values[0]) && method !== 'zero') fail('profile.missingValue', { file, line: 2 }, `the first row's value is empty, and fill: ${method} needs a value before it; give the first value`);
  if (Number.isNaN(values[n - 1]) && method === 'linear') fail('profile.missingValue', { file }, 'the last row\'s value is empty, and fill: linear needs a value after it; give the last value, or use fill: previous');
  let t = 0;
  while (t < n) {
    if (!Number.isNaN(values[t])) {
      t++;
      continue;
    }
    let end = t;
    while (end < n && Number.isNaN(values[end])) end++;
    const before = t > 0 ? values[t - 1] : 0;
    const after = end < n ? values[end] : before;
    for (let k = t; k < end; k++) {
      if (method === 'zero') values[k] = 0;
      else if (method === 'previous') values[k] = before;
      else values[k] = before + ((after - before) * (k - t + 1)) / (end - t + 1);
    }
    t = end;
  }
}

function findTimeColumns(header: string[], wanted: string | readonly string[] | undefined, file: string): number[] {
  if (wanted !== undefined) {
    const names = typeof wanted === 'string' ? [wanted] : wanted;
    return names.map((name) => {
      const i = header.indexOf(name);
      if (i < 0) fail('profile.unknownColumn', { file, line: 1 }, `no time column ${quote(name)}; the header has ${quoteList(header)}`);
      return i;
    });
  }
  const lower = header.map((h) => h.toLowerCase());
  const date = lower.findIndex((h) => DATE_COLUMNS.includes(h));
  const clock = lower.findIndex((h) => CLOCK_COLUMNS.includes(h));
  if (date >= 0 && clock >= 0) return [date, clock];
  for (const name of TIME_COLUMNS) {
    const i = lower.indexOf(name);
    if (i >= 0) return [i];
  }
  return [0];
}

function findValueColumn(header: string[], timeIndexes: number[], wanted: string | undefined, file: string, delimiter: Delimiter, detected: boolean): number {
  if (wanted !== undefined) {
    const i = header.indexOf(wanted);
    if (i < 0 || timeIndexes.includes(i)) {
      fail('profile.unknownColumn', { file, line: 1 }, `no column ${quote(wanted)}; the header has ${quoteList(header)}${header.length === 1 ? ` (read with the separator ${describeDelimiter(delimiter)}; set delimiter if the file uses another)` : ''}`);
    }
    return i;
  }
  const others = header.map((_, i) => i).filter((i) => !timeIndexes.includes(i));
  if (others.length === 1) return others[0];
  if (others.length === 0) fail('profile.unknownColumn', { file, line: 1 }, `the file has no value column besides the time (read with the separator ${describeDelimiter(delimiter)}${detected ? ', detected from the header' : ''}; set delimiter if the file uses another)`);
  fail('profile.ambiguousColumn', { file, line: 1 }, `the file has columns ${quoteList(header)}; say which to use with "column"`);
}
