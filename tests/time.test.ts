// Europe/Amsterdam local time, the run's time axis, timestamp parsing and energy-conserving resampling.
import { describe, expect, it } from 'vitest';
import { amsterdamOffsetHours, amsterdamWallMs, amsterdamWallToUtc, summerTimeUtc } from '../src/time/amsterdam.js';
import { HOUR_MS, endMs, isoUtc, localDayIndex, localDayStarts, localMonthKey, makeAxis, timeMsAt, yearAxis } from '../src/time/axis.js';
import { resample } from '../src/time/resample.js';
import { parseTimestamp } from '../src/time/timestamp.js';

const MIN_MS = 60_000;
const utc = (iso: string): number => Date.parse(iso);

/** Number of steps in each local day, in order of the day index. */
function stepsPerDay(dayIndex: Int32Array): number[] {
  const counts: number[] = [];
  for (const d of dayIndex) counts[d] = (counts[d] ?? 0) + 1;
  return counts;
}

/** Steps of the axis whose local (Europe/Amsterdam) calendar date is `date` (YYYY-MM-DD). */
function stepsOnLocalDate(axis: ReturnType<typeof yearAxis>, date: string): number {
  const dayIndex = localDayIndex(axis);
  let want = -1;
  let count = 0;
  for (let i = 0; i < axis.steps; i++) {
    const localDate = new Date(amsterdamWallMs(timeMsAt(axis, i))).toISOString().slice(0, 10);
    if (localDate === date) {
      if (want === -1) want = dayIndex[i];
      expect(dayIndex[i], `step ${i} on ${date}`).toBe(want);
      count++;
    } else if (want !== -1) {
      expect(dayIndex[i], `step ${i} after ${date}`).toBe(want + 1);
      break;
    }
  }
  return count;
}

describe('Europe/Amsterdam offsets', () => {
  it('2023: summer time from 2023-03-26T01:00Z to 2023-10-29T01:00Z', () => {
    expect(summerTimeUtc(2023)).toEqual({ startMs: utc('2023-03-26T01:00:00Z'), endMs: utc('2023-10-29T01:00:00Z') });
    expect(amsterdamOffsetHours(utc('2023-01-01T00:00:00Z'))).toBe(1);
    expect(amsterdamOffsetHours(utc('2023-03-26T00:59:59.999Z'))).toBe(1);
    expect(amsterdamOffsetHours(utc('2023-03-26T01:00:00Z'))).toBe(2);
    expect(amsterdamOffsetHours(utc('2023-07-01T12:00:00Z'))).toBe(2);
    expect(amsterdamOffsetHours(utc('2023-10-29T00:59:59.999Z'))).toBe(2);
    expect(amsterdamOffsetHours(utc('2023-10-29T01:00:00Z'))).toBe(1);
    expect(amsterdamOffsetHours(utc('2023-12-31T23:00:00Z'))).toBe(1);
  });

  it('2019: summer time from 2019-03-31T01:00Z to 2019-10-27T01:00Z', () => {
    expect(summerTimeUtc(2019)).toEqual({ startMs: utc('2019-03-31T01:00:00Z'), endMs: utc('2019-10-27T01:00:00Z') });
    expect(amsterdamOffsetHours(utc('2019-03-31T00:59:00Z'))).toBe(1);
    expect(amsterdamOffsetHours(utc('2019-03-31T01:00:00Z'))).toBe(2);
    expect(amsterdamOffsetHours(utc('2019-10-27T00:59:00Z'))).toBe(2);
    expect(amsterdamOffsetHours(utc('2019-10-27T01:00:00Z'))).toBe(1);
    // One week earlier/later is not the change.
    expect(amsterdamOffsetHours(utc('2019-03-24T12:00:00Z'))).toBe(1);
    expect(amsterdamOffsetHours(utc('2019-10-20T12:00:00Z'))).toBe(2);
  });

  it('agrees with the platform time zone database for every hour of 2019 and 2023', () => {
    const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', timeZoneName: 'shortOffset' });
    const mismatches: string[] = [];
    for (const year of [2019, 2023]) {
      const axis = yearAxis(year);
      for (let i = 0; i < axis.steps; i++) {
        const t = timeMsAt(axis, i);
        const name = fmt.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')!.value; // GMT+1 / GMT+2
        if (amsterdamOffsetHours(t) !== Number(name.replace('GMT+', ''))) mismatches.push(`${isoUtc(t)} ${name}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('local wall-clock time to UTC: none in the spring gap, two in the autumn overlap (summer first)', () => {
    expect(amsterdamWallToUtc(utc('2023-03-26T01:59:00Z'))).toEqual([utc('2023-03-26T00:59:00Z')]);
    expect(amsterdamWallToUtc(utc('2023-03-26T02:00:00Z'))).toEqual([]);
    expect(amsterdamWallToUtc(utc('2023-03-26T02:59:00Z'))).toEqual([]);
    expect(amsterdamWallToUtc(utc('2023-03-26T03:00:00Z'))).toEqual([utc('2023-03-26T01:00:00Z')]);
    expect(amsterdamWallToUtc(utc('2023-10-29T01:59:00Z'))).toEqual([utc('2023-10-28T23:59:00Z')]);
    expect(amsterdamWallToUtc(utc('2023-10-29T02:00:00Z'))).toEqual([utc('2023-10-29T00:00:00Z'), utc('2023-10-29T01:00:00Z')]);
    expect(amsterdamWallToUtc(utc('2023-10-29T02:59:00Z'))).toEqual([utc('2023-10-29T00:59:00Z'), utc('2023-10-29T01:59:00Z')]);
    expect(amsterdamWallToUtc(utc('2023-10-29T03:00:00Z'))).toEqual([utc('2023-10-29T02:00:00Z')]);
  });
});

describe('time axis', () => {
  it('a UTC year has 8760 hours (8784 in a leap year) and 35040 quarter hours', () => {
    expect(yearAxis(2023)).toEqual({ startMs: utc('2023-01-01T00:00:00Z'), stepHours: 1, steps: 8760 });
    expect(yearAxis(2024).steps).toBe(8784);
    expect(yearAxis(2023, 15).steps).toBe(35040);
    expect(endMs(yearAxis(2023, 15))).toBe(utc('2024-01-01T00:00:00Z'));
    expect(isoUtc(timeMsAt(makeAxis(utc('2023-01-01T00:00:00Z'), 15, 4), 3))).toBe('2023-01-01T00:45:00Z');
  });

  it('localDayIndex: 23 hourly steps on 2023-03-26 and 25 on 2023-10-29', () => {
    const axis = yearAxis(2023);
    expect(stepsOnLocalDate(axis, '2023-03-26')).toBe(23);
    expect(stepsOnLocalDate(axis, '2023-10-29')).toBe(25);
    expect(stepsOnLocalDate(axis, '2023-06-15')).toBe(24);
    const counts = stepsPerDay(localDayIndex(axis));
    // The UTC year starts at 01:00 local on 1 January and ends at 00:00 local on 1 January 2024.
    expect(counts[0]).toBe(23);
    expect(counts.at(-1)).toBe(1);
    expect(counts.length).toBe(366);
    const middle = counts.slice(1, -1);
    expect(middle.filter((c) => c === 23)).toHaveLength(1);
    expect(middle.filter((c) => c === 25)).toHaveLength(1);
    expect(middle.filter((c) => c === 24)).toHaveLength(362);
    // Day 84 is 26 March (23 h), day 301 is 29 October (25 h).
    expect(counts[84]).toBe(23);
    expect(counts[301]).toBe(25);
  });

  it('localDayIndex: 92 quarter-hour steps on 2023-03-26 and 100 on 2023-10-29', () => {
    const axis = yearAxis(2023, 15);
    expect(stepsOnLocalDate(axis, '2023-03-26')).toBe(92);
    expect(stepsOnLocalDate(axis, '2023-10-29')).toBe(100);
    expect(stepsOnLocalDate(axis, '2023-01-02')).toBe(96);
    const counts = stepsPerDay(localDayIndex(axis));
    expect(counts[84]).toBe(92);
    expect(counts[301]).toBe(100);
  });

  it('localDayIndex over 2019: the changes fall on 31 March and 27 October', () => {
    const axis = yearAxis(2019);
    expect(stepsOnLocalDate(axis, '2019-03-31')).toBe(23);
    expect(stepsOnLocalDate(axis, '2019-10-27')).toBe(25);
    expect(stepsOnLocalDate(axis, '2019-03-26')).toBe(24);
  });

  it('localDayIndex counts from the first local day of a short axis and never skips a day', () => {
    const axis = makeAxis(utc('2023-10-28T20:00:00Z'), 60, 30); // 22:00 local on the 28th
    const idx = localDayIndex(axis);
    expect(Array.from(idx.slice(0, 2))).toEqual([0, 0]);
    expect(idx[2]).toBe(1); // 22:00Z = 00:00 local on the 29th
    expect(stepsPerDay(idx)).toEqual([2, 25, 3]);
    for (let i = 1; i < idx.length; i++) expect(idx[i] - idx[i - 1]).toBeGreaterThanOrEqual(0);
  });

  it('localDayIndex is each step\'s local calendar day by amsterdamWallMs, on axes that span years and start at any time', () => {
    // The index looks summer time up once per UTC year; the definition is the wall-clock day of every step.
    const DAY_MS = 24 * HOUR_MS;
    const steps = [5, 15, 60, 1440];
    for (let k = 0; k < 200; k++) {
      const stepMinutes = steps[k % steps.length];
      const start = Date.UTC(1995 + ((k * 7) % 50), 0, 1) + ((k * 37) % 400) * DAY_MS + ((k * 13) % 96) * 15 * 60_000;
      const axis = makeAxis(start, stepMinutes, 1 + Math.floor((((k * 7919) % 1000) / 1000) * ((3 * 8760 * 60) / stepMinutes)));
      const idx = localDayIndex(axis);
      const first = Math.floor(amsterdamWallMs(axis.startMs) / DAY_MS);
      for (let i = 0; i < axis.steps; i++) {
        const want = Math.floor(amsterdamWallMs(timeMsAt(axis, i)) / DAY_MS) - first;
        if (idx[i] !== want) expect({ axis, step: i, index: idx[i] }).toEqual({ axis, step: i, index: want });
      }
    }
  });

  it('localDayStarts: each day starts where its day index begins; the last entry is the number of steps', () => {
    // The short axis above by hand: 2 steps on the 28th, 25 on the 29th (clocks back), 3 on the 30th.
    expect(Array.from(localDayStarts(localDayIndex(makeAxis(utc('2023-10-28T20:00:00Z'), 60, 30))))).toEqual([0, 2, 27, 30]);
    expect(Array.from(localDayStarts(new Int32Array(0)))).toEqual([0]);
    for (const axis of [yearAxis(2023), yearAxis(2023, 15), yearAxis(2024)]) {
      const idx = localDayIndex(axis);
      const starts = localDayStarts(idx);
      const counts = stepsPerDay(idx);
      expect(starts.length).toBe(counts.length + 1);
      expect(starts.at(-1)).toBe(axis.steps);
      for (let d = 0; d < counts.length; d++) {
        expect(starts[d + 1] - starts[d], `day ${d}`).toBe(counts[d]);
        expect(idx[starts[d]], `day ${d}`).toBe(d);
      }
    }
  });

  it('localMonthKey uses local time: 2023-01-31T23:00Z is already February in Amsterdam', () => {
    const axis = makeAxis(utc('2023-01-31T22:00:00Z'), 60, 2);
    expect(Array.from(localMonthKey(axis))).toEqual([2023 * 12 + 0, 2023 * 12 + 1]);
  });

  it('localMonthKey and localDayIndex agree with the Intl time-zone database for every step of axes across years and clock changes', () => {
    // The oracle: the local date ICU's Europe/Amsterdam zone gives each step's instant (independent of
    // amsterdam.ts's EU rule): the month as year x 12 + month, and a new local day where the date changes.
    const zone = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: 'numeric', day: 'numeric' });
    const icuDate = (ms: number): { key: number; date: string } => {
      const parts = zone.formatToParts(new Date(ms));
      const part = (type: string): number => Number(parts.find((p) => p.type === type)!.value);
      return { key: part('year') * 12 + part('month') - 1, date: `${part('year')}-${part('month')}-${part('day')}` };
    };
    const axes = [
      yearAxis(2023),
      yearAxis(2024, 15),
      // Two years on one axis from late in a day, and one starting on the night summer time ends.
      makeAxis(utc('2019-12-30T21:00:00Z'), 60, 2 * 8784),
      makeAxis(utc('2025-10-25T22:30:00Z'), 30, 24 * 80),
    ];
    for (const axis of axes) {
      const keys = localMonthKey(axis);
      const days = localDayIndex(axis);
      let before = icuDate(axis.startMs);
      expect(days[0]).toBe(0);
      for (let i = 0; i < axis.steps; i++) {
        const at = icuDate(timeMsAt(axis, i));
        const where = `step ${i} at ${isoUtc(timeMsAt(axis, i))}`;
        if (keys[i] !== at.key) expect(keys[i], where).toBe(at.key);
        const newDay = i > 0 && at.date !== before.date ? 1 : 0;
        if (i > 0 && days[i] - days[i - 1] !== newDay) expect(days[i] - days[i - 1], where).toBe(newDay);
        before = at;
      }
    }
  });
});

describe('parseTimestamp', () => {
  const one = (text: string, zone: 'UTC' | 'Europe/Amsterdam' = 'UTC') => {
    const p = parseTimestamp(text, zone);
    if (!p.ok) throw new Error(`expected ${text} to parse: ${p.reason}`);
    return p.candidatesMs;
  };

  it('reads Z, +01:00, +0200 and -05:00 exactly, whatever the zone', () => {
    expect(one('2023-06-01T12:00:00Z')).toEqual([utc('2023-06-01T12:00:00Z')]);
    expect(one('2023-06-01T12:00:00+01:00')).toEqual([utc('2023-06-01T11:00:00Z')]);
    expect(one('2023-06-01T12:00:00+0200')).toEqual([utc('2023-06-01T10:00:00Z')]);
    expect(one('2023-06-01T12:00:00-05:00')).toEqual([utc('2023-06-01T17:00:00Z')]);
    expect(one('2023-06-01T12:00:00+02:00', 'Europe/Amsterdam')).toEqual([utc('2023-06-01T10:00:00Z')]);
    expect(one('2023-01-15T12:00:00Z', 'Europe/Amsterdam')).toEqual([utc('2023-01-15T12:00:00Z')]);
    // The offset disambiguates the autumn overlap.
    expect(one('2023-10-29T02:30:00+02:00', 'Europe/Amsterdam')).toEqual([utc('2023-10-29T00:30:00Z')]);
    expect(one('2023-10-29T02:30:00+01:00', 'Europe/Amsterdam')).toEqual([utc('2023-10-29T01:30:00Z')]);
  });

  it('reads naive timestamps as UTC, with T or a space, optional seconds and fractions', () => {
    expect(one('2023-06-01T12:00:00')).toEqual([utc('2023-06-01T12:00:00Z')]);
    expect(one('2023-06-01 12:00')).toEqual([utc('2023-06-01T12:00:00Z')]);
    expect(one('2023-06-01T12:00:00.000Z')).toEqual([utc('2023-06-01T12:00:00Z')]);
    expect(one('2023-06-01')).toEqual([utc('2023-06-01T00:00:00Z')]);
    expect(one('  2023-06-01T12:15:00Z  ')).toEqual([utc('2023-06-01T12:15:00Z')]);
  });

  it('reads naive timestamps as Europe/Amsterdam local time (UTC+1 in winter, UTC+2 in summer)', () => {
    expect(one('2023-01-15T12:00:00', 'Europe/Amsterdam')).toEqual([utc('2023-01-15T11:00:00Z')]);
    expect(one('2023-06-01 12:00', 'Europe/Amsterdam')).toEqual([utc('2023-06-01T10:00:00Z')]);
    expect(one('2023-03-26T01:59', 'Europe/Amsterdam')).toEqual([utc('2023-03-26T00:59:00Z')]);
    expect(one('2023-03-26T03:00', 'Europe/Amsterdam')).toEqual([utc('2023-03-26T01:00:00Z')]);
    expect(one('2019-10-27T03:00', 'Europe/Amsterdam')).toEqual([utc('2019-10-27T02:00:00Z')]);
  });

  it('the nonexistent local 02:30 on 2023-03-26 is an error that says why', () => {
    const p = parseTimestamp('2023-03-26T02:30:00', 'Europe/Amsterdam');
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.reason).toMatch(/does not exist/);
    // As UTC the same text is fine.
    expect(one('2023-03-26T02:30:00')).toEqual([utc('2023-03-26T02:30:00Z')]);
  });

  it('the ambiguous local 02:30 on 2023-10-29 has two candidates, summer time first', () => {
    expect(one('2023-10-29T02:30:00', 'Europe/Amsterdam')).toEqual([utc('2023-10-29T00:30:00Z'), utc('2023-10-29T01:30:00Z')]);
    expect(one('2019-10-27T02:00', 'Europe/Amsterdam')).toEqual([utc('2019-10-27T00:00:00Z'), utc('2019-10-27T01:00:00Z')]);
  });

  it.each([
    ['2023-02-30', /not a valid date/],
    ['2023-02-29T00:00:00Z', /not a valid date/],
    ['2023-04-31T12:00', /not a valid date/],
    ['2023-13-01T00:00', /not a valid date/],
    ['2023-00-10T00:00', /not a valid date/],
    ['2023-01-01T24:15', /not a valid date/],
    ['2023-01-01T12:60', /not a valid date/],
    ['2023-01-01T12:00:60Z', /not a valid date/],
    ['yesterday', /not a timestamp/],
    ['', /not a timestamp/],
    ['2023/01/01 00:0', /not a timestamp/],
    ['01-01-2023 00:00', /dayFirst/],
    ['31-12-23 00:00', /not a timestamp/],
    ['2023-01-01T00:00:00+01', /not a timestamp/],
    ['2023-01-01T00:00:00 CET', /not a timestamp/],
  ])('rejects %j', (text, reason) => {
    for (const zone of ['UTC', 'Europe/Amsterdam'] as const) {
      const p = parseTimestamp(text, zone);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.reason).toMatch(reason);
    }
  });

  it('reads the dates and times of meter exports: day or month first, 24:00 as the end of the day', () => {
    expect(parseTimestamp('31-12-2023 23:45', 'UTC', true)).toEqual({ ok: true, candidatesMs: [utc('2023-12-31T23:45:00Z')] });
    expect(parseTimestamp('1.2.2023 7:05', 'UTC', true)).toEqual({ ok: true, candidatesMs: [utc('2023-02-01T07:05:00Z')] });
    expect(parseTimestamp('12/31/2023 23:45:00', 'UTC', false)).toEqual({ ok: true, candidatesMs: [utc('2023-12-31T23:45:00Z')] });
    expect(parseTimestamp('2023/01/01 00:00', 'UTC')).toEqual({ ok: true, candidatesMs: [utc('2023-01-01T00:00:00Z')] });
    expect(parseTimestamp('31-12-2023 24:00', 'UTC', true)).toEqual({ ok: true, candidatesMs: [utc('2024-01-01T00:00:00Z')] });
    expect(parseTimestamp('2023-01-01T24:00', 'UTC')).toEqual({ ok: true, candidatesMs: [utc('2023-01-02T00:00:00Z')] });
    // Local time: 24:00 on 31 December is local midnight, 23:00 UTC.
    expect(parseTimestamp('31-12-2023 24:00', 'Europe/Amsterdam', true)).toEqual({ ok: true, candidatesMs: [utc('2023-12-31T23:00:00Z')] });
    const p = parseTimestamp('31-02-2023 00:00', 'UTC', true);
    expect(p.ok).toBe(false);
  });

  it('accepts 29 February in a leap year', () => {
    expect(one('2024-02-29T00:00:00Z')).toEqual([utc('2024-02-29T00:00:00Z')]);
  });
});

describe('resample', () => {
  const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
  const t0 = utc('2023-01-01T00:00:00Z');
  const Q = 15 * MIN_MS;

  it('15-minute to 60-minute takes the mean and conserves energy', () => {
    const src = [1, 2, 3, 4, 10, 10, 0, 0, 5, 7, 9, 11];
    const out = resample(t0, Q, src, t0, HOUR_MS, 3)!;
    expect(Array.from(out)).toEqual([2.5, 5, 8]);
    expect(sum(out) * 1).toBeCloseTo(sum(src) * 0.25, 12);
  });

  it('60-minute to 15-minute repeats each value and conserves energy', () => {
    const src = [4, 8, 0.5];
    const out = resample(t0, HOUR_MS, src, t0, Q, 12)!;
    expect(Array.from(out)).toEqual([4, 4, 4, 4, 8, 8, 8, 8, 0.5, 0.5, 0.5, 0.5]);
    expect(sum(out) * 0.25).toBeCloseTo(sum(src) * 1, 12);
  });

  it('conserves energy over a year of varying quarter hours, both ways', () => {
    const src = Float64Array.from({ length: 35040 }, (_, i) => 100 + 50 * Math.sin(i / 7) + (i % 13));
    const hourly = resample(t0, Q, src, t0, HOUR_MS, 8760)!;
    expect(sum(hourly)).toBeCloseTo(sum(src) * 0.25, 6);
    const back = resample(t0, HOUR_MS, hourly, t0, Q, 35040)!;
    expect(sum(back) * 0.25).toBeCloseTo(sum(hourly), 6);
  });

  it('same step: a slice; a later start picks the right source steps', () => {
    expect(Array.from(resample(t0, HOUR_MS, [1, 2, 3, 4], t0 + HOUR_MS, HOUR_MS, 2)!)).toEqual([2, 3]);
    expect(Array.from(resample(t0, Q, [1, 2, 3, 4, 5, 6, 7, 8], t0 + Q, HOUR_MS, 1)!)).toEqual([3.5]);
    expect(Array.from(resample(t0, HOUR_MS, [4, 8], t0 + 3 * Q, Q, 2)!)).toEqual([4, 8]);
  });

  it('returns null when the steps do not divide one another', () => {
    expect(resample(t0, 7 * MIN_MS, new Array(60).fill(1), t0, HOUR_MS, 2)).toBeNull();
    expect(resample(t0, HOUR_MS, [1, 2, 3], t0, 45 * MIN_MS, 2)).toBeNull();
    expect(resample(t0, 45 * MIN_MS, [1, 2, 3, 4], t0, HOUR_MS, 2)).toBeNull();
    expect(resample(t0, HOUR_MS, [1, 2, 3], t0, 40 * MIN_MS, 3)).toBeNull();
  });

  it('returns null when the start is off the common boundary', () => {
    expect(resample(t0, HOUR_MS, [1, 2, 3], t0 + 30 * MIN_MS, HOUR_MS, 1)).toBeNull();
    expect(resample(t0, Q, new Array(12).fill(1), t0 + 5 * MIN_MS, HOUR_MS, 1)).toBeNull();
  });

  it('returns null when the series does not cover the span', () => {
    expect(resample(t0, HOUR_MS, [1, 2, 3], t0 - HOUR_MS, HOUR_MS, 2)).toBeNull();
    expect(resample(t0, HOUR_MS, [1, 2, 3], t0, HOUR_MS, 4)).toBeNull();
    expect(resample(t0, HOUR_MS, [1, 2, 3], t0 + 2 * HOUR_MS, Q, 5)).toBeNull();
    expect(resample(t0, Q, [1, 2, 3, 4, 5, 6, 7], t0, HOUR_MS, 2)).toBeNull();
    // Exactly covered is fine.
    expect(resample(t0, HOUR_MS, [1, 2, 3], t0 + 2 * HOUR_MS, Q, 4)).not.toBeNull();
  });
});
