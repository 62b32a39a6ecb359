import { isDutchHoliday } from '../time/calendar.js';
import { amsterdamOffsetHours } from '../time/amsterdam.js';

const DAY_MS = 86_400_000;

/**
 * What a day of a weather draw must match in its source day: the meteorological season (DJF, MAM,
 * JJA, SON), the day type (weekday, or weekend / Dutch public holiday, on which offices, shops and
 * most industry run like on a Sunday) and the UTC offset of Europe/Amsterdam (1 or 2 h). Matching the
 * offset keeps a copied UTC day's load shape on the same local hours: NEDU shapes follow local time.
 */
export interface DayKeys {
  readonly year: number;
  /** Number of UTC days in the year (365 or 366). */
  readonly days: number;
  /** Per UTC day: season * 4 + dayType * 2 + (offset - 1), 0-15. */
  readonly key: Uint8Array;
}

/** Meteorological season of a month (0-11): 0 winter (Dec-Feb), 1 spring, 2 summer, 3 autumn. */
export function seasonOfMonth(month: number): number {
  return Math.floor(((month + 1) % 12) / 3);
}

export const SEASON_NAMES = ['winter', 'spring', 'summer', 'autumn'] as const;

export function seasonOfKey(key: number): number {
  return key >> 2;
}

/** The keys of every UTC day of a year; the day type and offset are read at 12:00 UTC. */
export function dayKeys(year: number): DayKeys {
  const start = Date.UTC(year, 0, 1);
  const days = Math.round((Date.UTC(year + 1, 0, 1) - start) / DAY_MS);
  const key = new Uint8Array(days);
  for (let d = 0; d < days; d++) {
    const noon = start + d * DAY_MS + DAY_MS / 2;
    const date = new Date(noon);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6 || isDutchHoliday(noon);
    key[d] = seasonOfMonth(date.getUTCMonth()) * 4 + (weekend ? 2 : 0) + (amsterdamOffsetHours(noon) - 1);
  }
  return { year, days, key };
}
