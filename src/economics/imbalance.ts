/*
 * Imbalance settlement of a balance-responsible party (docs/economics.md section 6). The party buys
 * its day-ahead forecast F of its metered net consumption A at the day-ahead price and settles the
 * deviation at the imbalance price of the PTU (single pricing in the Netherlands: one price for a
 * short and a long position). Against settling everything at the day-ahead price it costs
 *
 *   costEur  = sum_t (A_t - F_t) x (Pimb_t - Pda_t) x dt / 1000     (kW, h, EUR/MWh -> EUR; > 0 a cost)
 *   errorKwh = sum_t |A_t - F_t| x dt
 *
 * with a naive forecast made from the party's own metered history before the day: the same hour
 * yesterday or last week, F_t = A_(t - lag). Steps without that history are settled at their
 * forecast (no error), about one week of a year for last-week.
 */

export type ImbalanceForecast = 'yesterday' | 'last-week';

/** Hours back the naive forecast looks. */
export const FORECAST_LAG_HOURS: Readonly<Record<ImbalanceForecast, number>> = { yesterday: 24, 'last-week': 168 };

/** The forecast's lag in steps of `stepHours` (whole steps; 24 h and 168 h divide by every step length hubsim allows). */
export function forecastLagSteps(forecast: ImbalanceForecast, stepHours: number): number {
  return Math.round(FORECAST_LAG_HOURS[forecast] / stepHours);
}

/**
 * Add one party's settlement to `out` ([costEur, errorKwh]). `sign` is +1 for a consumer's metered
 * consumption and -1 for a column of production (a producer's net consumption is -production).
 */
export function addSettlement(actualKw: Float64Array, sign: 1 | -1, lagSteps: number, spreadEurPerMwh: Float64Array, dt: number, out: Float64Array): void {
  let cost = 0;
  let error = 0;
  for (let t = lagSteps; t < actualKw.length; t++) {
    const e = sign * (actualKw[t] - actualKw[t - lagSteps]);
    cost += e * spreadEurPerMwh[t];
    error += e < 0 ? -e : e;
  }
  out[0] += (cost * dt) / 1000;
  out[1] += error * dt;
}
