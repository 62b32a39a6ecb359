/**
 * The Dutch calendar a load forecast needs: day of week and national public holidays (on which
 * offices, shops and most industry run like on a Sunday). The same rules as the profile build
 * (scripts/build-profiles.mjs), which maps NEDU and ETM curves onto other years by them.
 */

const DAY_MS = 86_400_000;

/**
 * Gregorian Easter Sunday of year y (anonymous Gregorian / Meeus-Jones-Butcher algorithm), as the
 * UTC ms of the date's midnight. Checked by hand: 2019-04-21, 2023-04-09, 2024-03-31.
 */
export function easterSundayUtc(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(y, month - 1, day);
}

const holidayYears = new Map<number, ReadonlySet<number>>();

/**
 * Dutch national public holidays of year y, as the UTC ms of each date's midnight: New Year, Easter
 * Sunday and Monday, King's Day (27 April, 26 when the 27th is a Sunday), Ascension, Whit Sunday and
 * Monday, Christmas and Boxing Day, and Liberation Day in lustrum years (every 5 years a day off).
 */
export function dutchHolidays(y: number): ReadonlySet<number> {
  let set = holidayYears.get(y);
  if (set === undefined) {
    const e = easterSundayUtc(y);
    const kingsDay = new Date(Date.UTC(y, 3, 27)).getUTCDay() === 0 ? 26 : 27;
    const days = [
      Date.UTC(y, 0, 1),
      e,
      e + DAY_MS,
      Date.UTC(y, 3, kingsDay),
      e + 39 * DAY_MS,
      e + 49 * DAY_MS,
      e + 50 * DAY_MS,
      Date.UTC(y, 11, 25),
      Date.UTC(y, 11, 26),
    ];
    if (y % 5 === 0) days.push(Date.UTC(y, 4, 5));
    set = new Set(days);
    holidayYears.set(y, set);
  }
  return set;
}

/** Whether the calendar date that contains the instant `ms` (read as a UTC date) is a Dutch public holiday. */
export function isDutchHoliday(ms: number): boolean {
  const midnight = Math.floor(ms / DAY_MS) * DAY_MS;
  return dutchHolidays(new Date(midnight).getUTCFullYear()).has(midnight);
}
