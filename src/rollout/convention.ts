import { basename } from 'node:path';
import { isRecord } from '../record.js';
import { memberInputStepMinutes } from '../model/resolve.js';
import { peakNote } from '../results/peak-resolution.js';
import type { MoneyConvention } from '../economics/present-value.js';
import { IMBALANCE_PRICE_SOURCE } from '../profiles/imbalance.js';
import type { LoadedRollout } from './load.js';

/*
 * The convention every money figure of a rollout follows (docs/economics.md section 7): EUR at
 * constant prices of the base year, discounted at the real rate r, investments at the start of their
 * year and every other flow at its end, residual values straight-line at the end of the horizon; and
 * what the rollout's peaks are (PTU or hourly maxima). Written into results.json so that a reader of
 * the figures has the convention beside them.
 */

/** The convention every money figure follows, written into results.json. */
export interface EconomicsConvention {
  readonly baseYear: number;
  readonly discountRate: number;
  readonly discountRateSource: string;
  readonly currency: string;
  readonly timing: string;
  readonly residualValue: string;
  readonly perspectives: string;
  readonly capacityRequests: 'request' | 'unserved';
  readonly reinforcementPlansOn: 'served-load' | 'served-load-and-requests';
  readonly reinforcementPlansFor: 'year-found' | 'in-service-year';
  readonly valueOfLostLoadEurPerKwh: number;
  readonly valueOfLostLoadSource: string;
  readonly hubLifetimeYears: number;
  readonly hubLifetimeSource: string;
  readonly spareCapacity: number;
  readonly spareCapacitySource: string;
  readonly imbalanceForecast: string;
  readonly imbalancePrices: string;
  readonly transportTariffs: string;
  /** Whether peaks are PTU (15-minute) maxima or hourly ones, in one sentence. */
  readonly peaks: string;
}

/** The money convention of a rollout: base year (default the horizon start), discount rate, last year. */
export function moneyConvention(loaded: LoadedRollout): MoneyConvention {
  const { horizon, economics } = loaded.rollout;
  return { baseYear: economics.baseYear ?? horizon.startYear, discountRate: economics.discountRate, endYear: horizon.endYear };
}

/**
 * The source of a value the convention states: its source field as the scenario gives it, or
 * hubsim's default source when the scenario sets neither; a value the scenario sets without a source
 * of its own is "set in <file> without a source" (the default's citation is not the value's).
 */
function sourceOf(loaded: LoadedRollout, valueKey: string, sourceKey: string): string {
  const raw = loaded.source.data;
  const given = (key: string): boolean => isRecord(raw) && isRecord(raw.economics) && key in raw.economics;
  if (given(valueKey) && !given(sourceKey)) return `set in ${basename(loaded.source.path)} without a source`;
  return String((loaded.rollout.economics as Record<string, unknown>)[sourceKey]);
}

/** The convention in words and with its sources, as results.json states it. */
export function economicsConvention(loaded: LoadedRollout, money: MoneyConvention): EconomicsConvention {
  const e = loaded.rollout.economics;
  return {
    baseYear: money.baseYear,
    discountRate: money.discountRate,
    discountRateSource: sourceOf(loaded, 'discountRate', 'discountRateSource'),
    currency: `EUR at constant prices of ${money.baseYear} (real; nothing is inflated)`,
    timing: 'investments (hub capex and replacements, reinforcement steps going into service) at the start of their year; every other flow at the end of its year; residual values at the end of the horizon',
    residualValue: 'straight-line over the asset\'s lifetime from the start of the year it went into service',
    perspectives: 'society = members + grid operator: CBC and GOPACS fees and transport tariffs are transfers between them and cancel',
    capacityRequests: loaded.rollout.growth.capacityRequests,
    reinforcementPlansOn: e.reinforcementPlansOn,
    reinforcementPlansFor: e.reinforcementPlansFor,
    valueOfLostLoadEurPerKwh: e.valueOfLostLoadEurPerKwh,
    valueOfLostLoadSource: sourceOf(loaded, 'valueOfLostLoadEurPerKwh', 'valueOfLostLoadSource'),
    hubLifetimeYears: e.hubLifetimeYears,
    hubLifetimeSource: sourceOf(loaded, 'hubLifetimeYears', 'hubLifetimeSource'),
    spareCapacity: e.spareCapacity,
    spareCapacitySource: sourceOf(loaded, 'spareCapacity', 'spareCapacitySource'),
    imbalanceForecast: e.imbalanceForecast,
    imbalancePrices: IMBALANCE_PRICE_SOURCE,
    transportTariffs: `${e.transportTariffs.dso}: ${e.transportTariffs.source}`,
    peaks: rolloutPeakNote(loaded),
  };
}

/**
 * What the rollout's peaks, monthly maxima (kWmax of the transport tariffs) and cap checks are: PTU
 * maxima only when every terrain runs on 15-minute steps with 15-minute consumption data
 * (results/peak-resolution.ts). The coarsest terrain decides.
 */
function rolloutPeakNote(loaded: LoadedRollout): string {
  let axisMinutes = 0;
  let demandMinutes = 0;
  const year = loaded.rollout.weatherYears[0];
  for (const { hub, source } of loaded.hubs) {
    axisMinutes = Math.max(axisMinutes, hub.axis.stepMinutes);
    demandMinutes = Math.max(demandMinutes, hub.axis.stepMinutes);
    for (const [i, m] of hub.members.entries()) demandMinutes = Math.max(demandMinutes, memberInputStepMinutes(m.profile, hub.axis.stepMinutes, year, source, ['members', i, 'profile']) ?? 0);
  }
  return peakNote(axisMinutes, demandMinutes);
}
