import { alignByPositionInYear } from './align.js';
import { findShipped, loadShipped } from './catalogue.js';
import { notePriceYear } from '../provenance/ledger.js';
import { axisYear, dayAheadPricesOf } from './prices.js';
import type { TimeAxis } from '../time/axis.js';

/*
 * The imbalance price is the price at which a balance-responsible party's (BRP's) deviation from its
 * day-ahead position is settled, per 15-minute imbalance settlement period (PTU). TenneT settles the
 * Netherlands at one price per PTU for both directions (single pricing); only in PTUs with regulation
 * state 2 (up- and down-regulation in the same PTU) do the surplus and shortage prices differ. The
 * shipped series is ENTSO-E's "Long" (surplus) price of 2023 (profiles/README.md), used as the one
 * imbalance price.
 *
 * A hub that buys its forecast import day-ahead pays, for what it imports beyond that forecast, the
 * imbalance price instead of the day-ahead price. The rollout settles that as
 *
 *   cost = sum_t (actual_t - forecast_t) x (imbalancePrice_t - dayAheadPrice_t) x dt / 1000
 *
 * with actual and forecast the net grid import in kW (import > 0), dt the step in hours and the prices
 * in EUR/MWh, so the cost is in EUR; positive is a cost, negative a gain.
 *
 * Only 2023 is shipped: an axis in another year (a weather year such as 2019) takes the 2023 spread at
 * the same position in the year: a stated substitute (named in the results' provenance), which keeps the
 * imbalance price and the day-ahead price of a step from the same 2023 moment, also where the day-ahead
 * prices that price energy come from the weather year's own prices.
 */

/** The one year of shipped imbalance prices. */
export const IMBALANCE_PRICE_YEAR = 2023;

/** What the spread is made of, for results to print beside the imbalance costs. */
export const IMBALANCE_PRICE_SOURCE =
  'NL imbalance price 2023 per 15-minute PTU (TenneT via the ENTSO-E Transparency Platform, the "Long" price) minus the NL day-ahead price 2023; an axis in another year takes the 2023 spread at the same position in the year, a stated substitute.';

/**
 * Per step of the axis, the mean imbalance price over the PTUs in the step minus the step's day-ahead
 * price of the same year, in EUR/MWh. On an hourly axis that is the mean of the hour's four PTUs; a
 * step shorter than a PTU takes its PTU's price.
 */
export function imbalanceSpread(axis: TimeAxis): Float64Array {
  // Both prices from the same year, so the spread is one market's, whichever year the axis lies in.
  notePriceYear({ series: 'imbalance', weatherYear: axisYear(axis), priceYear: IMBALANCE_PRICE_YEAR });
  const imbalance = alignByPositionInYear(loadShipped(findShipped('price-imbalance-nl', IMBALANCE_PRICE_YEAR, 'prices')), IMBALANCE_PRICE_YEAR, axis);
  const dayAhead = dayAheadPricesOf(IMBALANCE_PRICE_YEAR, axis);
  for (let t = 0; t < imbalance.length; t++) imbalance[t] -= dayAhead[t];
  return imbalance;
}
