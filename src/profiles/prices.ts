import { alignByPositionInYear } from './align.js';
import { findShipped, loadShipped } from './catalogue.js';
import type { TimeAxis } from '../time/axis.js';

/**
 * NL day-ahead prices (EUR/MWh) on an axis. Only the 2023 prices are shipped (no public NL file for
 * 2019 was found, see profiles/README.md), so an axis in another year takes the 2023 price of the
 * same position in the year (hour of the year; the last day repeats in a leap year).
 */
export function dayAheadPrices(axis: TimeAxis): Float64Array {
  return alignByPositionInYear(loadShipped(findShipped('price-dayahead-nl', 2023, 'prices')), 2023, axis);
}
