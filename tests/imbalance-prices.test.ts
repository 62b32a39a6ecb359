// The shipped NL imbalance price 2023 (profiles/2023/price-imbalance-nl.csv, 15-minute PTUs) and the
// spread imbalance - day-ahead that src/profiles/imbalance.ts puts on a run's axis. Every reference
// number says where it comes from: ../shared/data/entsoe-imbalance-nl-2023/SOURCE.md, rows of the source
// files quoted in comments, or arithmetic by hand shown next to it.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { alignToAxis } from '../src/profiles/align.js';
import { findShipped, loadShipped, PROFILES_DIR } from '../src/profiles/catalogue.js';
import { imbalanceSpread, IMBALANCE_PRICE_SOURCE } from '../src/profiles/imbalance.js';
import { dayAheadPrices } from '../src/profiles/prices.js';
import { makeAxis, yearAxis } from '../src/time/axis.js';
import { runCli } from './support/cli.js';

const rows = parse(readFileSync(`${PROFILES_DIR}2023/price-imbalance-nl.csv`, 'utf8'), { from_line: 2 }) as string[][];
const prices = rows.map((r) => Number(r[1]));

describe('profiles/2023/price-imbalance-nl.csv', () => {
  it('has one row per 15-minute PTU of UTC 2023: 35,040 rows from 2023-01-01T00:00:00Z to 2023-12-31T23:45:00Z', () => {
    // 365 days x 96 PTUs = 35,040.
    expect(rows.length).toBe(35_040);
    expect(rows[0][0]).toBe('2023-01-01T00:00:00Z');
    expect(rows[1][0]).toBe('2023-01-01T00:15:00Z');
    expect(rows[rows.length - 1][0]).toBe('2023-12-31T23:45:00Z');
    const entry = findShipped('price-imbalance-nl', 2023, 'test');
    expect([entry.stepMinutes, entry.steps, entry.unit, entry.kind]).toEqual([15, 35_040, 'EUR/MWh', 'price']);
  });

  it('has the mean of SOURCE.md, 93.6 EUR/MWh, to 0.1', () => {
    // entsoe-imbalance-nl-2023/SOURCE.md, "Sanity numbers": mean EUR 93.6/MWh over its 35,036 rows. The
    // shipped UTC year leaves out the 4 PTUs of UTC 2022 and adds 8 filled ones, which moves the mean by
    // less than 0.01.
    const mean = prices.reduce((s, x) => s + x, 0) / prices.length;
    expect(Math.abs(mean - 93.6)).toBeLessThan(0.1);
    // SOURCE.md: minimum -1549.47 (31 Oct 2023 02:45 local), maximum 2037.74 (27 Nov 2023 07:45 local).
    expect(Math.min(...prices)).toBe(-1549.47);
    expect(Math.max(...prices)).toBe(2037.74);
  });

  it('lines up with the source in UTC: the year maximum is 2023-11-27T06:45:00Z (07:45 local, CET)', () => {
    expect(rows[prices.indexOf(2037.74)][0]).toBe('2023-11-27T06:45:00Z');
  });

  it('is listed by hubsim profiles', async () => {
    const out = await runCli('profiles');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^price-imbalance-nl\t2023\tEUR\/MWh\t/m);
  });
});

describe('a 15-minute shipped profile on an hourly axis', () => {
  it('is the mean of the hour\'s four PTUs, in every hour of the year (energy conserved)', () => {
    const hourly = alignToAxis(loadShipped(findShipped('price-imbalance-nl', 2023, 'test')), yearAxis(2023, 60));
    expect(hourly.length).toBe(8760);
    let worst = 0;
    for (let h = 0; h < 8760; h++) {
      const mean = (prices[4 * h] + prices[4 * h + 1] + prices[4 * h + 2] + prices[4 * h + 3]) / 4;
      worst = Math.max(worst, Math.abs(hourly[h] - mean));
    }
    expect(worst).toBeLessThan(1e-9);
  });
});

describe('imbalanceSpread', () => {
  // Source rows (entsoe-imbalance-nl-2023/outfile_imb_2023_Jan_Dec.csv), local 07:00-08:00 CET = 06:00-07:00 UTC:
  //   2023-11-27 07:00:00+01:00,84.38
  //   2023-11-27 07:15:00+01:00,205.38
  //   2023-11-27 07:30:00+01:00,600.0
  //   2023-11-27 07:45:00+01:00,2037.74
  // Day-ahead price of that hour (entsoe-dayahead-nl export, shipped as 2023-11-27T06:00:00Z):
  //   "27.11.2023 07:00 - 27.11.2023 08:00","136.89","EUR"
  const HOUR = Date.UTC(2023, 10, 27, 6);

  it('of one hour is the mean of its four PTUs minus the day-ahead price, by hand', () => {
    // (84.38 + 205.38 + 600.00 + 2037.74) / 4 = 2927.50 / 4 = 731.875; 731.875 - 136.89 = 594.985 EUR/MWh.
    expect(dayAheadPrices(makeAxis(HOUR, 60, 1))[0]).toBe(136.89);
    expect(imbalanceSpread(makeAxis(HOUR, 60, 1))[0]).toBeCloseTo(594.985, 9);
  });

  it('of the same hour on a 15-minute axis is each PTU minus the hour\'s day-ahead price', () => {
    // 84.38 - 136.89 = -52.51; 205.38 - 136.89 = 68.49; 600.00 - 136.89 = 463.11; 2037.74 - 136.89 = 1900.85.
    const spread = Array.from(imbalanceSpread(makeAxis(HOUR, 15, 4)));
    [-52.51, 68.49, 463.11, 1900.85].forEach((x, i) => expect(spread[i]).toBeCloseTo(x, 9));
  });

  it('is 0 in the 8 PTUs the source lacks (2023-12-31T22:00Z-24:00Z), filled with the day-ahead price', () => {
    const spread = imbalanceSpread(yearAxis(2023, 15));
    expect(Array.from(spread.slice(-8))).toEqual(new Array(8).fill(0));
    expect(spread[spread.length - 9]).not.toBe(0); // 21:45Z: -6.81 (source) - 10.68 (day-ahead)
  });

  it('of another year (the 2019 weather year) is the 2023 spread at the same position in the year', () => {
    // 2019 and 2023 both have 8760 hours, so hour k of 2019 takes hour k of 2023.
    const y2023 = imbalanceSpread(yearAxis(2023, 60));
    expect(Array.from(imbalanceSpread(yearAxis(2019, 60)))).toEqual(Array.from(y2023));
    // 27 Nov 06:00 UTC is hour (304 + 26) x 24 + 6 = 7926 of both years: the hand-computed spread above.
    const k = (HOUR - Date.UTC(2023, 0, 1)) / 3_600_000;
    expect(k).toBe(7926);
    expect(imbalanceSpread(makeAxis(Date.UTC(2019, 0, 1) + k * 3_600_000, 60, 1))[0]).toBeCloseTo(594.985, 9);
    expect(Array.from(imbalanceSpread(makeAxis(Date.UTC(2019, 10, 27, 6), 15, 4)))).toEqual(Array.from(imbalanceSpread(makeAxis(HOUR, 15, 4))));
    // A leap year: its last day (past the 8760 hours of 2023) repeats the last 2023 hour, as dayAheadPrices does.
    const y2020 = imbalanceSpread(yearAxis(2020, 60));
    expect(y2020.length).toBe(8784);
    expect(Array.from(y2020.slice(0, 8760))).toEqual(Array.from(y2023));
    expect(Array.from(y2020.slice(8760))).toEqual(new Array(24).fill(y2023[8759]));
  });

  it('gives the same imbalance cost on an hourly and a 15-minute axis for a deviation that is constant within each hour', () => {
    // cost = sum_t dev_t x spread_t x dt / 1000; the hourly spread is the mean of its four PTU spreads,
    // so with dev constant within the hour both axes weigh the same energy with the same mean price.
    const hourly = imbalanceSpread(yearAxis(2023, 60));
    const quarter = imbalanceSpread(yearAxis(2023, 15));
    const devKw = (h: number) => 500 * Math.sin(h / 7) + 100; // an arbitrary deviation in kW
    let costHourlyEur = 0;
    for (let h = 0; h < hourly.length; h++) costHourlyEur += (devKw(h) * hourly[h] * 1) / 1000;
    let costQuarterEur = 0;
    for (let q = 0; q < quarter.length; q++) costQuarterEur += (devKw(Math.floor(q / 4)) * quarter[q] * 0.25) / 1000;
    expect(Math.abs(costQuarterEur - costHourlyEur)).toBeLessThan(1e-9 * Math.abs(costHourlyEur) + 1e-9);
    // And the energy-weighted mean spread (a flat deviation) is the same on both axes.
    const meanOf = (v: Float64Array, dtH: number) => v.reduce((s, x) => s + x * dtH, 0) / (v.length * dtH);
    expect(meanOf(quarter, 0.25)).toBeCloseTo(meanOf(hourly, 1), 9);
  });

  it('names its data and the substitute rule in IMBALANCE_PRICE_SOURCE', () => {
    expect(IMBALANCE_PRICE_SOURCE).toMatch(/2023/);
    expect(IMBALANCE_PRICE_SOURCE).toMatch(/stated substitute/);
  });
});
