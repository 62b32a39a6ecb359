import { hubWithBatteryCapexEur } from '../economics/hub-cost.js';
import type { AgendaClaims } from '../model/rollout.js';
import { dayAheadPrices } from '../profiles/prices.js';
import { yearAxis } from '../time/axis.js';
import type { RolloutResult } from './aggregate.js';
import type { LoadedRollout } from './load.js';
import { WITHOUT_HUBS } from './task.js';

/*
 * The regional agenda's claims beside what the simulation of the same terrains gives
 * (docs/economics.md section 9). A claim is an input; each row says whether the model's figure is
 * simulated or itself an input of the scenario (capex), and inverts the model's own formula to say
 * what would have to be true for the claim to hold.
 */

export interface AgendaCheckRow {
  /** What is compared. */
  readonly figure: string;
  readonly unit: string;
  /** The variant the model's figure is of ("-" when it does not depend on one). */
  readonly strategy: string;
  /** The agenda's figure: an input. */
  readonly claimed: number;
  /** The model's figure (see basis). */
  readonly simulated: number | null;
  /** "simulated", or "scenario input" when the model's figure is itself an input. */
  readonly basis: 'simulated' | 'scenario input';
  /** claimed / simulated; null when the model's figure is 0. */
  readonly ratio: number | null;
  /** What would have to be true for the claim to hold, from the model's own formulas. */
  readonly impliedAssumption: string;
  /** Inconsistencies within the agenda's own figures, if any. */
  readonly note: string;
}

const meur = (eur: number): string => `EUR ${(eur / 1e6).toFixed(1)}M`;
const pct = (share: number): string => `${(share * 100).toFixed(0)}%`;

/** What each check is given: the scenario, its claims, the number of hubs the claims speak of, the results. */
interface ClaimInputs {
  readonly loaded: LoadedRollout;
  readonly claims: AgendaClaims;
  readonly hubs: number;
  readonly r: RolloutResult;
}

/** One of the agenda's claims beside the model's figure: no rows when the scenario does not state it. */
type ClaimCheck = (x: ClaimInputs) => AgendaCheckRow[];

/** Every check the scenario's agenda block allows, per strategy where the figure depends on one. */
export function agendaCheck(loaded: LoadedRollout, r: RolloutResult): AgendaCheckRow[] {
  const claims = loaded.rollout.agenda;
  if (claims === undefined) return [];
  const x: ClaimInputs = { loaded, claims, hubs: claims.hubs ?? loaded.rollout.terrains.length, r };
  return CLAIM_CHECKS.flatMap((check) => check(x));
}

/** A row with its ratio claimed / simulated (null when the model's figure is 0 or missing). */
function checked(x: Omit<AgendaCheckRow, 'ratio'>): AgendaCheckRow {
  return { ...x, ratio: x.simulated === null || x.simulated === 0 ? null : x.claimed / x.simulated };
}

/** Investment in the hubs: the scenario's capex is an input, not a result. */
function investment({ loaded, claims, hubs }: ClaimInputs): AgendaCheckRow[] {
  if (claims.investmentEur === undefined) return [];
  const { rollout } = loaded;
  const capex = rollout.terrains.reduce((s, t, i) => {
    if (t.hubStartYear > rollout.horizon.endYear) return s;
    return s + hubWithBatteryCapexEur(rollout.economics.hubCapex, loaded.hubs[i].hub.battery);
  }, 0);
  const perHub = claims.investmentEur / hubs;
  const stated = claims.capexPerHubEur;
  return [checked({
    figure: `investment in ${hubs} hubs`,
    unit: 'EUR',
    strategy: '-',
    claimed: claims.investmentEur,
    simulated: capex,
    basis: 'scenario input',
    impliedAssumption: `${meur(perHub)} per hub (the scenario: ${meur(capex / rollout.terrains.length)} per hub)`,
    note: stated !== undefined && Math.abs(stated * hubs - claims.investmentEur) > 1 ? `${hubs} x ${meur(stated)} is ${meur(stated * hubs)}, not the claimed ${meur(claims.investmentEur)}` : '',
  })];
}

/** Avoided reinforcement per park, present value; and the MW of substation peak the claim implies. */
function avoidedReinforcementPerPark({ loaded, claims, hubs, r }: ClaimInputs): AgendaCheckRow[] {
  const perPark = claims.avoidedReinforcementPerParkEur ?? (claims.avoidedReinforcementEur !== undefined ? claims.avoidedReinforcementEur / hubs : undefined);
  if (perPark === undefined) return [];
  const { rollout } = loaded;
  const terrains = rollout.terrains.length;
  const perMw = costPerMwOfLevels(loaded);
  return r.totals.map((t) => {
    const simulated = t.avoidedReinforcementPvEur / terrains;
    const mwPerPark = t.substationPeakReductionKw / 1000 / terrains;
    return checked({
      figure: 'avoided reinforcement per park (present value)',
      unit: 'EUR',
      strategy: t.strategy,
      claimed: perPark,
      simulated,
      basis: 'simulated',
      impliedAssumption: `${(perPark / perMw).toFixed(1)} MW of substation peak avoided per park at ${meur(perMw)} per MW (the scenario's levels, undiscounted: steps avoided outright at the base year; later or deferred steps would need more MW); simulated: ${mwPerPark.toFixed(2)} MW per park at the substations' peaks in ${rollout.horizon.endYear}`,
      note:
        claims.avoidedReinforcementEur !== undefined && claims.avoidedReinforcementPerParkEur !== undefined && Math.abs(claims.avoidedReinforcementPerParkEur * hubs - claims.avoidedReinforcementEur) > 1
          ? `${hubs} x ${meur(claims.avoidedReinforcementPerParkEur)} is ${meur(claims.avoidedReinforcementPerParkEur * hubs)}, not the claimed ${meur(claims.avoidedReinforcementEur)}`
          : '',
    });
  });
}

/** Avoided curtailment and imbalance per hub per year: the mean over the years each hub is active. */
function curtailmentImbalancePerHub({ loaded, claims, r }: ClaimInputs): AgendaCheckRow[] {
  const claimed = claims.avoidedCurtailmentImbalancePerHubPerYearEur;
  if (claimed === undefined) return [];
  const meanPrice = meanDayAheadPrice(loaded.rollout.weatherYears);
  return r.strategies.map((strategy) => {
    const rowsActive = r.terrainYears.filter((x) => x.strategy === strategy && x.hubActive);
    const simulated = rowsActive.length === 0 ? null : rowsActive.reduce((s, x) => s + x.avoidedCurtailmentEur + x.avoidedImbalanceEur, 0) / rowsActive.length;
    const generationGwh = rowsActive.length === 0 ? 0 : rowsActive.reduce((s, x) => s + (x.metrics.generationEnergyKwh ?? 0), 0) / rowsActive.length / 1e6;
    return checked({
      figure: 'avoided curtailment and imbalance per hub per year',
      unit: 'EUR/yr',
      strategy,
      claimed,
      simulated,
      basis: 'simulated',
      impliedAssumption: `${(claimed / meanPrice / 1000).toFixed(0)} GWh curtailed and recovered per hub per year at the mean day-ahead price of EUR ${meanPrice.toFixed(2)}/MWh; the hubs generate ${generationGwh.toFixed(1)} GWh per year on average`,
      note: '',
    });
  });
}

/** Avoided curtailment and imbalance of all hubs together in the horizon's last year. */
function curtailmentImbalanceOfAllHubs({ loaded, claims, hubs, r }: ClaimInputs): AgendaCheckRow[] {
  const claimed = claims.avoidedCurtailmentImbalancePerYearEur;
  if (claimed === undefined) return [];
  const end = loaded.rollout.horizon.endYear;
  const perHub = claims.avoidedCurtailmentImbalancePerHubPerYearEur;
  return r.strategies.map((strategy) => {
    const simulated = r.terrainYears.filter((x) => x.strategy === strategy && x.year === end).reduce((s, x) => s + x.avoidedCurtailmentEur + x.avoidedImbalanceEur, 0);
    return checked({
      figure: `avoided curtailment and imbalance of all hubs in ${end}`,
      unit: 'EUR/yr',
      strategy,
      claimed,
      simulated,
      basis: 'simulated',
      impliedAssumption: `${meur(claimed / hubs)} per hub per year`,
      note: perHub !== undefined && Math.abs(perHub * hubs - claimed) > 1 ? `${hubs} x ${meur(perHub)}/yr is ${meur(perHub * hubs)}/yr, not the claimed ${meur(claimed)}/yr` : '',
    });
  });
}

/** Substations overloaded without action by the claim's year (2030 unless it names one). */
function substationsOverloaded({ loaded, claims, r }: ClaimInputs): AgendaCheckRow[] {
  if (claims.substationsOverloadedShare === undefined) return [];
  const { rollout, years } = loaded;
  const by = claims.overloadYear ?? 2030;
  const subs = rollout.substations.length;
  const overloaded = rollout.substations.filter((s) => r.substationYears.some((y) => y.substation === s.id && y.strategy === WITHOUT_HUBS && y.year <= by && y.overloaded)).length;
  return [checked({
    figure: `share of substations overloaded by ${by} without hubs`,
    unit: '1',
    strategy: WITHOUT_HUBS,
    claimed: claims.substationsOverloadedShare,
    simulated: overloaded / subs,
    basis: 'simulated',
    impliedAssumption: `${Math.ceil(claims.substationsOverloadedShare * subs - 1e-9)} of the scenario's ${subs} substations overloaded by ${by}; simulated: ${overloaded}`,
    note: by > years[years.length - 1] ? `${by} is after the horizon: overloads are counted up to ${years[years.length - 1]}` : '',
  })];
}

/** Grid utilisation: mean planning load over capacity in the first horizon year, without hubs. */
function gridUtilisation({ loaded, claims, r }: ClaimInputs): AgendaCheckRow[] {
  if (claims.gridUtilisationShare === undefined) return [];
  const { rollout, years } = loaded;
  const first = years[0];
  const util = rollout.substations.map((s) => {
    const y = r.substationYears.find((x) => x.substation === s.id && x.strategy === WITHOUT_HUBS && x.year === first);
    const basis = r.substations.find((x) => x.substation === s.id && x.strategy === WITHOUT_HUBS);
    return y === undefined || basis === undefined ? null : y.meanLoadKw / basis.initialCapacityKw;
  });
  const known = util.filter((u): u is number => u !== null);
  const simulated = known.length === 0 ? null : known.reduce((s, u) => s + u, 0) / known.length;
  const peakToMean = rollout.substations.map((s) => r.substationYears.find((x) => x.substation === s.id && x.strategy === WITHOUT_HUBS && x.year === first)).filter((y) => y !== undefined);
  const ratio = peakToMean.reduce((s, y) => s + y!.peakLoadKw / y!.meanLoadKw, 0) / Math.max(1, peakToMean.length);
  return [checked({
    figure: `grid utilisation in ${first} (mean load / capacity)`,
    unit: '1',
    strategy: WITHOUT_HUBS,
    claimed: claims.gridUtilisationShare,
    simulated,
    basis: 'simulated',
    impliedAssumption: `a capacity of ${(1 / claims.gridUtilisationShare).toFixed(1)} x the mean load; the scenario's substations peak at ${ratio.toFixed(2)} x their mean load, so the claim implies ${pct(claims.gridUtilisationShare * ratio)} of capacity used at the peak`,
    note: '',
  })];
}

/** The checks in the order of results.json's agendaCheck rows. */
const CLAIM_CHECKS: readonly ClaimCheck[] = [
  investment,
  avoidedReinforcementPerPark,
  curtailmentImbalancePerHub,
  curtailmentImbalanceOfAllHubs,
  substationsOverloaded,
  gridUtilisation,
];

/** EUR per MW of the scenario's reinforcement levels, sum over a substation's levels, mean over the terrains' substations. */
function costPerMwOfLevels(loaded: LoadedRollout): number {
  const { rollout, levels } = loaded;
  const perSubstation = new Map(rollout.substations.map((s) => [s.id, s.voltageLevels.reduce((sum, name) => {
    const l = levels.find((x) => x.level === name)!;
    return sum + l.costPerStepEur / l.stepMw;
  }, 0)]));
  return rollout.terrains.reduce((s, t) => s + perSubstation.get(t.substation)!, 0) / rollout.terrains.length;
}

/** Mean day-ahead price over the weather years' axes (EUR/MWh): the price curtailed energy is valued at. */
function meanDayAheadPrice(weatherYears: readonly number[]): number {
  const means = weatherYears.map((w) => {
    const p = dayAheadPrices(yearAxis(w, 60));
    return p.reduce((s, x) => s + x, 0) / p.length;
  });
  return means.reduce((s, x) => s + x, 0) / means.length;
}
