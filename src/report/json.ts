import { hubFacts } from '../results/hub-facts.js';
import { isoUtc } from '../time/axis.js';
import { METRICS } from '../results/metrics.js';
import type { HubResult } from '../results/result.js';
import { roundNumber } from './format.js';
import { peakResolution } from '../results/peak-resolution.js';
import type { HubTariffRates } from '../model/tariff-rates.js';
import { filledStepsOf } from '../model/resolve.js';

export const SCHEMA_VERSION = 1;

/** results.json and `hubsim run --json`: the hub, the metric units, and per strategy its metrics. */
export function hubResultJson(result: HubResult, options: { timings?: boolean } = {}): object {
  const { hub } = result;
  const strategies: Record<string, object> = {};
  for (const r of result.results) {
    const metrics: Record<string, number | null> = {};
    for (const m of METRICS) {
      const v = r.metrics[m.name];
      metrics[m.name] = v === null ? null : roundNumber(v);
    }
    // Solver status and counts are deterministic; the solve time is not, so it is written only when
    // asked for (--timings), and results stay byte-identical by default.
    const d = r.run.diagnostics;
    // Its numbers are rounded like every figure of the file (12 significant digits).
    const diagnostics = d === undefined ? undefined : Object.fromEntries(Object.entries(d).filter(([k]) => options.timings || k !== 'solveTimeS').map(([k, v]) => [k, typeof v === 'number' ? roundNumber(v) : v]));
    strategies[r.strategy] = diagnostics === undefined ? { kind: r.kind, foresight: r.foresight, metrics } : { kind: r.kind, foresight: r.foresight, metrics, diagnostics };
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    hub: {
      name: hub.name,
      axis: { start: isoUtc(hub.axis.startMs), stepMinutes: hub.axis.stepHours * 60, steps: hub.axis.steps },
      members: hub.members.map((m, i) => {
        const acm = hubFacts(hub).memberAcm[i];
        return {
          id: m.id,
          kind: m.kind,
          ownConnectionKw: roundNumber(m.ownConnectionKw),
          peakKw: roundNumber(acm.peakKw),
          acmUnusedKw: roundNumber(acm.unusedKw),
          acmUnderused: acm.underused,
          acmUnusedAboveThreshold: acm.unusedAboveThreshold,
          acmReclaimableKw: roundNumber(acm.reclaimableKw),
        };
      }),
      valueOfLostLoadEurPerKwh: hub.valueOfLostLoadEurPerKwh,
      peakResolution: peakResolution(hub),
      tariff: hub.tariff === undefined ? null : tariffJson(hub.tariff),
      // Only when a profile file had steps filled: what was not measured stays visible.
      ...(filledStepsOf(hub).length > 0 ? { filledSteps: filledStepsOf(hub) } : {}),
    },
    metricUnits: Object.fromEntries(METRICS.map((m) => [m.name, m.unit])),
    strategies,
  };
}

/** The tariff rates of a hub or sweep configuration, as results.json writes them. */
export function tariffJson(t: HubTariffRates): object {
  return {
    operator: t.operator,
    year: t.year,
    category: t.category,
    contractKw: roundNumber(t.contractKw),
    vastrechtEurPerYear: t.vastrechtEurPerYear,
    contractEurPerKwYear: t.contractEurPerKwYear,
    kwmaxEurPerKwMonth: t.kwmaxEurPerKwMonth,
    energyEurPerKwh: t.energyEurPerKwh,
    source: t.source,
  };
}
