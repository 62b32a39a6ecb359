import { alignToAxis } from './align.js';
import { findShipped, loadShipped } from './catalogue.js';
import { stepMs, yearAxis, type TimeAxis } from '../time/axis.js';

/**
 * NL day-ahead prices (EUR/MWh) on an axis. Only the 2023 prices are shipped (no public NL file for
 * 2019 was found, see profiles/README.md), so an axis in another year takes the 2023 price of the
 * same position in the year (hour of the year; the last day repeats in a leap year).
 */
export function dayAheadPrices(axis: TimeAxis): Float64Array {
  const series = loadShipped(findShipped('price-dayahead-nl', 2023, 'prices'));
  const year = new Date(axis.startMs).getUTCFullYear();
  if (year === 2023 && axis.startMs + axis.steps * stepMs(axis) <= Date.UTC(2024, 0, 1)) return alignToAxis(series, axis);
  const on2023 = alignToAxis(series, yearAxis(2023, axis.stepHours * 60));
  const step = stepMs(axis);
  const out = new Float64Array(axis.steps);
  for (let t = 0; t < axis.steps; t++) {
    const ms = axis.startMs + t * step;
    const sinceYearStart = ms - Date.UTC(new Date(ms).getUTCFullYear(), 0, 1);
    const k = Math.floor(sinceYearStart / step);
    out[t] = on2023[Math.min(k, on2023.length - 1)];
  }
  return out;
}
