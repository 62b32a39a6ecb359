/**
 * Europe/Amsterdam local time. Since 1996 the EU rule holds: summer time (UTC+2) from 01:00 UTC on the
 * last Sunday of March to 01:00 UTC on the last Sunday of October, otherwise UTC+1. So a local day
 * has 23 hours in spring and 25 hours in autumn. Only the boundary (profile parsing, calendar days)
 * uses local time; the engine works on the UTC axis.
 */

const HOUR_MS = 3_600_000;

/** The instant (ms since epoch, UTC) of 01:00 UTC on the last Sunday of the given month (0-based). */
function lastSundayAt0100Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  const back = lastDay.getUTCDay(); // 0 = Sunday
  return Date.UTC(year, month, lastDay.getUTCDate() - back, 1);
}

const summerTimes = new Map<number, { startMs: number; endMs: number }>();

/** Start and end (ms, UTC) of summer time in the given year (memoised: called per step). */
export function summerTimeUtc(year: number): { startMs: number; endMs: number } {
  let st = summerTimes.get(year);
  if (st === undefined) {
    st = { startMs: lastSundayAt0100Utc(year, 2), endMs: lastSundayAt0100Utc(year, 9) };
    summerTimes.set(year, st);
  }
  return st;
}

/** Offset of Europe/Amsterdam from UTC at the given instant, in hours (1 or 2). */
export function amsterdamOffsetHours(utcMs: number): number {
  // Any instant within a year's summer time has that UTC year, so the UTC year picks the rule.
  const year = new Date(utcMs).getUTCFullYear();
  const { startMs, endMs } = summerTimeUtc(year);
  return utcMs >= startMs && utcMs < endMs ? 2 : 1;
}

/**
 * amsterdamWallMs for instants read in time order (the steps of an axis): the summer time of an
 * instant's UTC year is looked up when the instants enter that year, not for each of them.
 */
export class AmsterdamWallClock {
  private yearStart = Number.POSITIVE_INFINITY;
  private yearEnd = Number.NEGATIVE_INFINITY;
  private summerStart = 0;
  private summerEnd = 0;

  /** Local wall-clock time of the instant `utcMs` as if it were UTC (ms): amsterdamWallMs(utcMs). */
  wallMs(utcMs: number): number {
    if (utcMs < this.yearStart || utcMs >= this.yearEnd) {
      const year = new Date(utcMs).getUTCFullYear();
      this.yearStart = Date.UTC(year, 0, 1);
      this.yearEnd = Date.UTC(year + 1, 0, 1);
      const summer = summerTimeUtc(year);
      this.summerStart = summer.startMs;
      this.summerEnd = summer.endMs;
    }
    return utcMs + (utcMs >= this.summerStart && utcMs < this.summerEnd ? 2 : 1) * HOUR_MS;
  }
}

/** Local wall-clock time as if it were UTC (ms): handy for taking the local date and hour. */
export function amsterdamWallMs(utcMs: number): number {
  return utcMs + amsterdamOffsetHours(utcMs) * HOUR_MS;
}

/**
 * The UTC instants a local wall-clock time (given as ms as if UTC) can mean: none in the spring gap
 * (02:00-03:00 on the last Sunday of March), two in the autumn overlap (02:00-03:00 on the last Sunday
 * of October, first summer then winter time), one otherwise.
 */
export function amsterdamWallToUtc(wallMs: number): number[] {
  const out: number[] = [];
  for (const offset of [2, 1]) {
    const utc = wallMs - offset * HOUR_MS;
    if (amsterdamOffsetHours(utc) === offset) out.push(utc);
  }
  return out;
}
