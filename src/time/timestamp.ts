import { quote } from '../errors.js';
import { amsterdamWallToUtc } from './amsterdam.js';

/** How timestamps without an offset are read. Timestamps with `Z` or `+01:00` are always exact. */
export type TimeZoneName = 'UTC' | 'Europe/Amsterdam';

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * The date and time a meter export writes: the date year first (2023-01-31, 2023/01/31) or not
 * (31-01-2023, 31/01/2023, 31.01.2023, or month first), then an optional time H:MM or H:MM:SS
 * (24:00 meaning the end of the day), then an optional offset.
 */
const LOOSE =
  /^(?:(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}))(?:(?:[T ]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** Whether a cell's date is written with the year last (so day and month order matters). */
export function yearLast(text: string): { first: number; second: number } | null {
  const m = /^\s*(\d{1,2})[-/.](\d{1,2})[-/.]\d{4}\b/.exec(text);
  return m === null ? null : { first: Number(m[1]), second: Number(m[2]) };
}

export type ParsedTimestamp =
  | { ok: true; candidatesMs: number[] }
  | { ok: false; reason: string };

/**
 * Parse one timestamp cell. Returns the UTC instants it can denote: one, except a local
 * Europe/Amsterdam time in the autumn overlap (two; the caller picks by order) or in the spring gap
 * (none, which is an error for the caller to report).
 */
export function parseTimestamp(text: string, zone: TimeZoneName, dayFirst?: boolean): ParsedTimestamp {
  const trimmed = text.trim();
  const m = PATTERN.exec(trimmed);
  let fields: { y: number; mo: number; d: number; h: number; mi: number; s: number; offset: string | undefined };
  if (m !== null) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', offset] = m;
    fields = { y: +y, mo: +mo, d: +d, h: +h, mi: +mi, s: +s, offset };
  } else {
    const l = LOOSE.exec(trimmed);
    if (l === null) {
      return { ok: false, reason: `${quote(text)} is not a timestamp (use ISO 8601, e.g. 2023-01-01T00:00:00Z, or a date such as 31-12-2023 with a time such as 23:45)` };
    }
    const [, y1, mo1, d1, a, b, y2, h = '0', mi = '0', s = '0', offset] = l;
    if (y1 !== undefined) fields = { y: +y1, mo: +mo1, d: +d1, h: +h, mi: +mi, s: +s, offset };
    else {
      if (dayFirst === undefined) return { ok: false, reason: `the date in ${quote(text)} does not say whether the day or the month comes first; set dayFirst: true (31-12-2023) or false (12/31/2023)` };
      fields = dayFirst ? { y: +y2, mo: +b, d: +a, h: +h, mi: +mi, s: +s, offset } : { y: +y2, mo: +a, d: +b, h: +h, mi: +mi, s: +s, offset };
    }
  }
  const { y, mo, d, mi, s, offset } = fields;
  let { h } = fields;
  // 24:00 closes a day in exports labelled by the end of each interval: the next day's 00:00.
  let extraDayMs = 0;
  if (h === 24 && mi === 0 && s === 0) {
    h = 0;
    extraDayMs = 86_400_000;
  }
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return { ok: false, reason: `${quote(text)} is not a valid date and time` };
  }
  const at = wall + extraDayMs;
  if (offset !== undefined) {
    if (offset === 'Z') return { ok: true, candidatesMs: [at] };
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const minutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    return { ok: true, candidatesMs: [at - minutes * 60_000] };
  }
  if (zone === 'UTC') return { ok: true, candidatesMs: [at] };
  const candidates = amsterdamWallToUtc(at);
  if (candidates.length === 0) {
    return {
      ok: false,
      reason: `local time ${quote(text)} does not exist in Europe/Amsterdam (clocks jump from 02:00 to 03:00 that day)`,
    };
  }
  return { ok: true, candidatesMs: candidates };
}
