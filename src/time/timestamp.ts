import { quote } from '../errors.js';
import { amsterdamWallToUtc } from './amsterdam.js';

/** How timestamps without an offset are read. Timestamps with `Z` or `+01:00` are always exact. */
export type TimeZoneName = 'UTC' | 'Europe/Amsterdam';

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

export type ParsedTimestamp =
  | { ok: true; candidatesMs: number[] }
  | { ok: false; reason: string };

/**
 * Parse one timestamp cell. Returns the UTC instants it can denote: one, except a local
 * Europe/Amsterdam time in the autumn overlap (two; the caller picks by order) or in the spring gap
 * (none, which is an error for the caller to report).
 */
export function parseTimestamp(text: string, zone: TimeZoneName): ParsedTimestamp {
  const m = PATTERN.exec(text.trim());
  if (m === null) {
    return { ok: false, reason: `${quote(text)} is not a timestamp (use ISO 8601, e.g. 2023-01-01T00:00:00Z)` };
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00', offset] = m;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) {
    return { ok: false, reason: `${quote(text)} is not a valid date and time` };
  }
  if (offset !== undefined) {
    if (offset === 'Z') return { ok: true, candidatesMs: [wall] };
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const minutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    return { ok: true, candidatesMs: [wall - minutes * 60_000] };
  }
  if (zone === 'UTC') return { ok: true, candidatesMs: [wall] };
  const candidates = amsterdamWallToUtc(wall);
  if (candidates.length === 0) {
    return {
      ok: false,
      reason: `local time ${quote(text)} does not exist in Europe/Amsterdam (clocks jump from 02:00 to 03:00 that day)`,
    };
  }
  return { ok: true, candidatesMs: candidates };
}
