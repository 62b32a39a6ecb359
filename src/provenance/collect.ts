import type { HubTariffRates, TariffRate } from '../model/tariff-rates.js';
import type { LoadedHub } from '../model/load.js';
import { DEFAULT_REINFORCEMENT } from '../model/economics.js';
import { designYearOf, settingsIgnored, strategyName, type StrategySpec } from '../model/strategy.js';
import { VALUE_OF_LOST_LOAD_EUR_PER_KWH, VALUE_OF_LOST_LOAD_SOURCE } from '../model/value-of-lost-load.js';
import { catalogue } from '../profiles/catalogue.js';
import { DAY_AHEAD_ID } from '../profiles/prices.js';
import { IMBALANCE_PRICE_SOURCE } from '../profiles/imbalance.js';
import type { LoadedRollout } from '../rollout/load.js';
import type { LoadedSweep } from '../sweep/load.js';
import { parameterAssumptions, type Assumption, type WalkOptions } from './assumptions.js';
import type { Ledger } from './ledger.js';
import { provenanceOf, shownPath, type Provenance } from './provenance.js';
import { isRecord } from '../record.js';

/*
 * The assumptions of each kind of result (run, rollout, sweep): which parts of the input are economic
 * or physical parameters, walked by parameterAssumptions. Inputs that are data rather than parameters
 * (profiles, caps, members) are not repeated here: they are files among the inputs, or the hub itself.
 */

/** Where a default without a source field of its own is documented. */
const DEFAULT_SOURCE = 'hubsim default, docs/sources.md';

const rawField = (raw: unknown, key: string): unknown => (isRecord(raw) ? raw[key] : undefined);

/** The source of the day-ahead and imbalance prices of a price year, as the catalogue gives it. */
export function priceSource(series: 'day-ahead' | 'imbalance', priceYear: number): string {
  if (series === 'imbalance') return IMBALANCE_PRICE_SOURCE;
  const entry = catalogue().find((e) => e.id === DAY_AHEAD_ID && e.year === priceYear);
  return entry === undefined ? `NL day-ahead prices ${priceYear}` : `NL day-ahead prices ${priceYear}: ${entry.source}`;
}

/**
 * The transport tariff a hub's run was priced with: the contracted capacity and the four rates, with
 * where each comes from (the shipped table's operator, year and category, or the hub file), so that
 * the results name the rates their tariff* metrics rest on.
 */
export function tariffAssumptions(t: HubTariffRates): Assumption[] {
  // A rate not given is 0 by hubsim's rule (README, the tariff block): a default.
  const rate = (name: TariffRate, value: number, unit: string): Assumption => ({ name: `tariff.${name}`, value, unit, source: t.rateSources[name].source, defaulted: t.rateSources[name].notGiven });
  return [
    {
      name: 'tariff.contractKw',
      value: t.contractKw,
      unit: 'kW',
      source: "the hub's highest finite firm import cap, or without one its uncontrolled coincident peak (src/model/tariff-rates.ts)",
      defaulted: false,
    },
    rate('vastrechtEurPerYear', t.vastrechtEurPerYear, 'EUR/yr'),
    rate('contractEurPerKwYear', t.contractEurPerKwYear, 'EUR/kW/yr'),
    rate('kwmaxEurPerKwMonth', t.kwmaxEurPerKwMonth, 'EUR/kW/month'),
    rate('energyEurPerKwh', t.energyEurPerKwh, 'EUR/kWh'),
  ];
}

/** A strategy's parameters, named by the strategy; `raw` is how the file wrote it (undefined: chosen by kind). */
function strategyAssumptions(prefix: string, spec: StrategySpec, raw: unknown, options: WalkOptions): Assumption[] {
  const skip = new Set([...(options.skip ?? []), ...settingsIgnored(spec)]);
  return parameterAssumptions(`${prefix}strategies[${strategyName(spec)}]`, spec, raw ?? { kind: spec.kind }, { ...options, skip });
}

/**
 * A hub's parameters: its battery, contract and flex market, the value of lost load and the
 * strategies run (`strategies`; each found in the file by identity when it came from there).
 */
export function hubAssumptions(loaded: LoadedHub, strategies: readonly StrategySpec[], file: string, prefix = '', withVoll = true): Assumption[] {
  const { hub, source } = loaded;
  const raw = source.data;
  const options: WalkOptions = { file, defaultSource: DEFAULT_SOURCE };
  const out: Assumption[] = [];
  for (const key of ['battery', 'contract', 'flexMarket'] as const) {
    if (hub[key] !== undefined) out.push(...parameterAssumptions(`${prefix}${key}`, hub[key], rawField(raw, key), options));
  }
  if (withVoll) {
    const given = hub.valueOfLostLoadEurPerKwh !== undefined;
    out.push({
      name: `${prefix}valueOfLostLoadEurPerKwh`,
      value: hub.valueOfLostLoadEurPerKwh ?? VALUE_OF_LOST_LOAD_EUR_PER_KWH,
      unit: 'EUR/kWh',
      source: given ? `set in ${file}` : VALUE_OF_LOST_LOAD_SOURCE,
      defaulted: !given,
    });
  }
  const rawStrategies = rawField(raw, 'strategies');
  for (const spec of strategies) {
    const i = hub.strategies?.indexOf(spec) ?? -1;
    if (i >= 0) {
      out.push(...strategyAssumptions(prefix, spec, Array.isArray(rawStrategies) ? rawStrategies[i] : undefined, options));
      continue;
    }
    // A strategy made on the command line: its kind's defaults, and the designYear --design-year gave it.
    const designYear = designYearOf(spec);
    const given = designYear === undefined ? undefined : { kind: spec.kind, designYear };
    out.push(...strategyAssumptions(prefix, spec, given, { ...options, setBy: 'set on the command line (--design-year)' }));
  }
  return out;
}

/** A rollout's parameters: economics (the reinforcement table included), growth, substations, strategies and each terrain's hub. */
export function rolloutAssumptions(loaded: LoadedRollout, base = process.cwd()): Assumption[] {
  const { rollout, source } = loaded;
  const file = shownPath(source.path, base);
  const raw = source.data;
  const options: WalkOptions = { file, defaultSource: DEFAULT_SOURCE };
  const rawEconomics = rawField(raw, 'economics');
  const economics = { ...rollout.economics, reinforcement: rollout.economics.reinforcement ?? DEFAULT_REINFORCEMENT };
  const out = parameterAssumptions('economics', economics, rawEconomics, options);
  out.push(...parameterAssumptions('growth', rollout.growth, rawField(raw, 'growth'), options));
  const rawSubstations = rawField(raw, 'substations');
  rollout.substations.forEach((s, i) => {
    const { voltageLevels: _levels, ...params } = s;
    out.push(...parameterAssumptions(`substations[${s.id}]`, params, Array.isArray(rawSubstations) ? rawSubstations[i] : undefined, options));
  });
  const rawStrategies = rawField(raw, 'strategies');
  rollout.strategies.forEach((spec, i) => out.push(...strategyAssumptions('', spec, Array.isArray(rawStrategies) ? rawStrategies[i] : undefined, options)));
  rollout.terrains.forEach((t, i) => {
    const hub = loaded.hubs[i];
    // The rollout's economics price lost load for every terrain; a terrain's own strategies are not run.
    const hubFile = shownPath(hub.source.path, base);
    out.push(...hubAssumptions(hub, [], hubFile, `terrains[${t.id}].`, false));
  });
  return out;
}

/** A sweep's parameters: its economics, the battery template of the sizes tried and the strategies. */
export function sweepAssumptions(loaded: LoadedSweep, file: string): Assumption[] {
  const { sweep } = loaded;
  const raw = loaded.raw;
  const options: WalkOptions = { file, defaultSource: DEFAULT_SOURCE };
  const out = parameterAssumptions('economics', sweep.economics, rawField(raw, 'economics'), options);
  const rawGrid = rawField(raw, 'grid');
  if (sweep.grid.battery?.template !== undefined) out.push(...parameterAssumptions('grid.battery.template', sweep.grid.battery.template, rawField(rawField(rawGrid, 'battery'), 'template'), options));
  const rawStrategies = rawField(rawGrid, 'strategies');
  sweep.grid.strategies.forEach((spec, i) => out.push(...strategyAssumptions('grid.', spec, Array.isArray(rawStrategies) ? rawStrategies[i] : undefined, options)));
  return out;
}

/** Provenance of a result from its ledger and assumptions. */
export function provenance(ledger: Ledger, command: readonly string[], assumptions: readonly Assumption[], base = process.cwd()): Provenance {
  return provenanceOf(ledger, command, assumptions, priceSource, base);
}
