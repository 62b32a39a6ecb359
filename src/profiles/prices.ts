import { notePriceYear } from '../provenance/ledger.js';
import { alignByPositionInYear } from './align.js';
import { catalogue, findShipped, loadShipped, type CatalogueEntry } from './catalogue.js';
import type { TimeAxis } from '../time/axis.js';

/** The shipped NL day-ahead prices (EUR/MWh, ENTSO-E), one profile per price year. */
export const DAY_AHEAD_ID = 'price-dayahead-nl';

/**
 * The price year that prices a weather year: the year itself when its prices are shipped (2019, 2023);
 * else, as a stated substitute, the nearest shipped year (the later one when two are equally near),
 * whose price at the same position in the year is used. Results name the year used (provenance).
 */
export function dayAheadPriceYear(weatherYear: number): number {
  const years = shippedPriceYears(DAY_AHEAD_ID);
  if (years.includes(weatherYear)) return weatherYear;
  return years.reduce((best, y) => (Math.abs(y - weatherYear) <= Math.abs(best - weatherYear) ? y : best));
}

/** The shipped price years of a price profile, ascending. */
export function shippedPriceYears(id: string): number[] {
  return catalogue()
    .filter((e) => e.id === id)
    .map((e) => e.year)
    .sort((a, b) => a - b);
}

/** The year of an axis as a weather year: the UTC year of its first step. */
export function axisYear(axis: TimeAxis): number {
  return new Date(axis.startMs).getUTCFullYear();
}

/** The day-ahead price profile that prices a weather year, recorded as used (input and price year). */
export function dayAheadProfile(weatherYear: number): CatalogueEntry {
  const priceYear = dayAheadPriceYear(weatherYear);
  notePriceYear({ series: 'day-ahead', weatherYear, priceYear });
  const entry = findShipped(DAY_AHEAD_ID, priceYear, 'prices');
  loadShipped(entry);
  return entry;
}

/**
 * NL day-ahead prices (EUR/MWh) on an axis: the prices of the axis's year when they are shipped, else
 * those of the substitute year (dayAheadPriceYear) at the same position in the year (hour of the year;
 * the last day repeats in a leap year).
 */
export function dayAheadPrices(axis: TimeAxis): Float64Array {
  const entry = dayAheadProfile(axisYear(axis));
  return alignByPositionInYear(loadShipped(entry), entry.year, axis);
}

/** The day-ahead prices of a given price year on an axis (the imbalance spread pairs one year's prices). */
export function dayAheadPricesOf(priceYear: number, axis: TimeAxis): Float64Array {
  return alignByPositionInYear(loadShipped(findShipped(DAY_AHEAD_ID, priceYear, 'prices')), priceYear, axis);
}
