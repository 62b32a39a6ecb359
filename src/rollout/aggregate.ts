import { memberInputStepMinutes, type FilledSteps } from '../model/resolve.js';
import { peakNote } from '../results/peak-resolution.js';
import type { Provenance } from '../provenance/provenance.js';
import { attributeByShare, attributionWeights } from '../economics/attribution.js';
import { deferralYears } from '../economics/deferral.js';
import { avoidedReinforcement, gridMoney, type GridMoney } from '../economics/grid-value.js';
import { paybackYear, type MoneyConvention } from '../economics/present-value.js';
import { IMBALANCE_PRICE_SOURCE } from '../profiles/imbalance.js';
import { foresight, type Foresight } from '../model/strategy.js';
import { agendaCheck, type AgendaCheckRow } from './agenda-check.js';
import type { LoadedRollout } from './load.js';
import { strategyVariants, WITHOUT_HUBS, type JobFailure, type PurchaseRow, type SubstationBasis, type SubstationYearRow, type TaskResult, type TerrainYearRow } from './task.js';
import { terrainEconomics, type TerrainEconomics, type YearTotals } from './terrain-economics.js';

export type { TerrainYearRow, SubstationYearRow, PurchaseRow } from './task.js';
export type { TerrainEconomics, YearTotals } from './terrain-economics.js';
export type { AgendaCheckRow } from './agenda-check.js';

/** One substation in one variant over the horizon. */
export interface SubstationSummary {
  readonly substation: string;
  readonly strategy: string;
  readonly capacityBasis: 'firm' | 'estimated';
  readonly initialCapacityKw: number;
  readonly planningMargin: number;
  /** First year the planning peak exceeded the capacity in service; null: never within the horizon. */
  readonly firstOverloadYear: number | null;
  readonly overloadedYears: number;
  /** First year a step was ordered, and first year one went into service; null: none. */
  readonly firstOrderYear: number | null;
  readonly firstInServiceYear: number | null;
  /** Every order's cost, in service within the horizon or not (EUR, undiscounted). */
  readonly reinforcementOrderedEur: number;
  /** Cost of the steps in service within the horizon (EUR, undiscounted). */
  readonly reinforcementInHorizonEur: number;
  /** Their residual value at the horizon end (EUR, undiscounted). */
  readonly reinforcementResidualEur: number;
  /** Present value of the plan within the horizon: investments - residual (EUR). */
  readonly reinforcementPvEur: number;
  /** reinforcementPvEur without hubs - with this variant (EUR). */
  readonly avoidedReinforcementPvEur: number;
  readonly deferralYears: number;
  readonly deferralBeyondHorizon: boolean;
  /** Years with a hub waiting for capacity, and the energy that waited (kWh, horizon sum). */
  readonly waitingYears: number;
  readonly waitingEnergyKwh: number;
  /** waitingEnergyKwh without hubs - with this variant (kWh). */
  readonly connectableEnergyKwh: number;
  /** Years in which this variant's peak was above the peak without hubs, and by how much at most (kW; 0 if never). */
  readonly yearsPeakRaised: number;
  readonly mostPeakRaisedKw: number;
}

export interface StrategyTotals {
  readonly strategy: string;
  readonly hubs: number;
  readonly capexEur: number;
  readonly opexEur: number;
  readonly avoidedReinforcementPvEur: number;
  readonly avoidedCurtailmentEur: number;
  readonly avoidedImbalanceEur: number;
  readonly avoidedUnservedEur: number;
  readonly avoidedUnservedPvEur: number;
  readonly lostShedEur: number;
  readonly lostShedPvEur: number;
  readonly arbitrageRevenueEur: number;
  readonly flexTransfersEur: number;
  readonly transportTariffSavingEur: number;
  readonly npvSocietyEur: number;
  readonly npvGridOperatorEur: number;
  readonly npvMembersEur: number;
  readonly benefitCostRatio: number | null;
  readonly paybackYear: number | null;
  readonly peakReductionKw: number;
  readonly substationPeakReductionKw: number;
  readonly diversityMw: number;
  readonly controlMw: number;
  readonly capacityFreedMw: number;
  readonly mwFreedPerMEur: number | null;
  readonly hubsShortOfCapacity: number;
  readonly unservedEnergyKwh: number;
  readonly connectableEnergyKwh: number;
  readonly substationsOverloadedWithout: number;
  readonly substationsOverloadedWith: number;
  /** Substation-years in which the hubs raised the substation's peak above the peak without hubs. */
  readonly substationYearsPeakRaised: number;
}

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

export interface RolloutResult {
  name: string;
  years: number[];
  weatherYears: number[];
  strategies: string[];
  /** Per strategy variant: causal, or perfect (a perfect-foresight bound, labelled wherever printed). */
  strategyForesight: Record<string, Foresight>;
  hubYears: number;
  economicsConvention: EconomicsConvention;
  terrainYears: TerrainYearRow[];
  substationYears: SubstationYearRow[];
  substationPurchases: PurchaseRow[];
  substations: SubstationSummary[];
  terrainEconomics: TerrainEconomics[];
  yearTotals: YearTotals[];
  totals: StrategyTotals[];
  agendaCheck: AgendaCheckRow[];
  failures: JobFailure[];
  /** The terrains' profile steps that were not in their files and were filled; only when some were. */
  filledSteps?: (FilledSteps & { terrain: string; weatherYear: number })[];
  /** Version, command, input files with their hashes and the assumptions used (src/provenance/). */
  provenance?: Provenance;
}

/** The money convention of a rollout. */
export function moneyConvention(loaded: LoadedRollout): MoneyConvention {
  const { horizon, economics } = loaded.rollout;
  return { baseYear: economics.baseYear ?? horizon.startYear, discountRate: economics.discountRate, endYear: horizon.endYear };
}

/** Turn the substations' results into the rollout's tables (docs/economics.md). */
export function aggregate(loaded: LoadedRollout, results: readonly TaskResult[], extraFailures: JobFailure[] = []): RolloutResult {
  const { rollout, years } = loaded;
  const econ = rollout.economics;
  const money = moneyConvention(loaded);
  const strategies = strategyVariants(rollout.strategies);
  const endYear = rollout.horizon.endYear;
  const bySubstation = rollout.substations.map((s) => results.find((r) => r.substation === s.id));
  const terrainYears = bySubstation.flatMap((r) => r?.terrainYears ?? []);
  const substationYears = bySubstation.flatMap((r) => r?.substationYears ?? []);
  const substationPurchases = bySubstation.flatMap((r) => r?.purchases ?? []);

  // Substations: each variant's plan in money, and against the reference.
  const substations: SubstationSummary[] = [];
  const avoided = new Map<string, Map<string, ReturnType<typeof avoidedReinforcement>>>();
  bySubstation.forEach((r) => {
    if (r === undefined || r.basis === null) return;
    const basis: SubstationBasis = r.basis;
    const variants = [WITHOUT_HUBS, ...strategies].filter((v) => r.substationYears.some((y) => y.strategy === v));
    const plans = new Map<string, GridMoney>(variants.map((v) => [v, gridMoney(r.purchases.filter((p) => p.strategy === v), years, money)]));
    const ref = plans.get(WITHOUT_HUBS);
    const perStrategy = new Map<string, ReturnType<typeof avoidedReinforcement>>();
    avoided.set(r.substation, perStrategy);
    const refFirstInService = firstInService(r.purchases.filter((p) => p.strategy === WITHOUT_HUBS), endYear);
    const refWaiting = r.substationYears.filter((y) => y.strategy === WITHOUT_HUBS).reduce((s, y) => s + y.waitingEnergyKwh, 0);
    for (const v of variants) {
      const plan = plans.get(v)!;
      const orders = r.purchases.filter((p) => p.strategy === v);
      const rows = r.substationYears.filter((y) => y.strategy === v);
      const overloaded = rows.filter((y) => y.overloaded);
      const a = ref === undefined ? null : avoidedReinforcement(ref, plan);
      if (a !== null && v !== WITHOUT_HUBS) perStrategy.set(v, a);
      const deferral = deferralYears(refFirstInService, firstInService(orders, endYear), endYear);
      const waitingEnergyKwh = rows.reduce((s, y) => s + y.waitingEnergyKwh, 0);
      substations.push({
        substation: r.substation,
        strategy: v,
        capacityBasis: basis.capacityBasis,
        initialCapacityKw: basis.initialCapacityKw,
        planningMargin: basis.planningMargin,
        firstOverloadYear: overloaded[0]?.year ?? null,
        overloadedYears: overloaded.length,
        firstOrderYear: orders[0]?.year ?? null,
        firstInServiceYear: firstInService(orders, Number.POSITIVE_INFINITY),
        reinforcementOrderedEur: orders.reduce((s, o) => s + o.costEur, 0),
        reinforcementInHorizonEur: plan.investmentEur.reduce((s, x) => s + x, 0),
        reinforcementResidualEur: plan.residualEur,
        reinforcementPvEur: plan.pvEur,
        avoidedReinforcementPvEur: a?.pvEur ?? 0,
        deferralYears: deferral.years,
        deferralBeyondHorizon: deferral.beyondHorizon,
        waitingYears: rows.filter((y) => y.waitingKw > 0).length,
        waitingEnergyKwh,
        connectableEnergyKwh: refWaiting - waitingEnergyKwh,
        yearsPeakRaised: rows.filter((y) => y.peakChangeKw > 0).length,
        mostPeakRaisedKw: Math.max(0, ...rows.map((y) => y.peakChangeKw)),
      });
    }
  });

  // Attribution of each substation's avoided reinforcement to its terrains (every year's contributions).
  const attributed = new Map<string, { pvEur: number; investmentEur: number[]; residualEur: number; weightKw: number }>();
  for (const [substation, perStrategy] of avoided) {
    const terrains = rollout.terrains.filter((t) => t.substation === substation);
    for (const [strategy, a] of perStrategy) {
      const contributions = (field: 'substationPeakLoweredKw' | 'substationPeakRaisedKw'): number[][] =>
        terrains.map((t) => years.map((y) => terrainYears.find((r) => r.terrain === t.id && r.year === y && r.strategy === strategy)?.[field] ?? 0));
      const weights = attributionWeights(a.pvEur, contributions('substationPeakLoweredKw'), contributions('substationPeakRaisedKw'));
      const pv = attributeByShare(a.pvEur, weights);
      const perYear = a.investmentEur.map((x) => attributeByShare(x, weights));
      const residual = attributeByShare(a.residualEur, weights);
      terrains.forEach((t, k) => attributed.set(`${t.id}\u0000${strategy}`, { pvEur: pv[k], investmentEur: perYear.map((p) => p[k]), residualEur: residual[k], weightKw: weights[k] }));
    }
  }

  const { rows: terrainEcon, yearTotals } = terrainEconomics(loaded, strategies, terrainYears, (terrain, strategy) => attributed.get(`${terrain}\u0000${strategy}`) ?? null, money);

  const totals: StrategyTotals[] = strategies.map((strategy) => {
    const te = terrainEcon.filter((e) => e.strategy === strategy);
    const yt = yearTotals.filter((y) => y.strategy === strategy);
    const subs = substations.filter((s) => s.strategy === strategy);
    const lastSubs = substationYears.filter((s) => s.strategy === strategy && s.year === endYear);
    const lastRows = terrainYears.filter((r) => r.strategy === strategy && r.year === endYear);
    const sum = <T>(xs: readonly T[], f: (x: T) => number | null): number => xs.reduce((s, x) => s + (f(x) ?? 0), 0);
    const capex = sum(te, (e) => e.capexEur);
    const freedMw = sum(te, (e) => e.capacityFreedMw);
    const pvBenefits = sum(yt, (y) => y.pvBenefitsSocietyEur);
    const pvCosts = sum(yt, (y) => y.pvCostsSocietyEur);
    return {
      strategy,
      hubs: te.filter((e) => e.capexEur > 0).length,
      capexEur: capex,
      opexEur: sum(te, (e) => e.opexEur),
      avoidedReinforcementPvEur: sum(subs, (s) => s.avoidedReinforcementPvEur),
      avoidedCurtailmentEur: sum(te, (e) => e.avoidedCurtailmentEur),
      avoidedImbalanceEur: sum(te, (e) => e.avoidedImbalanceEur),
      avoidedUnservedEur: sum(te, (e) => e.avoidedUnservedEur),
      avoidedUnservedPvEur: sum(te, (e) => e.avoidedUnservedPvEur),
      lostShedEur: sum(te, (e) => e.lostShedEur),
      lostShedPvEur: sum(te, (e) => e.lostShedPvEur),
      arbitrageRevenueEur: sum(te, (e) => e.arbitrageRevenueEur),
      flexTransfersEur: sum(te, (e) => e.flexTransfersEur),
      transportTariffSavingEur: sum(te, (e) => e.transportTariffSavingEur),
      npvSocietyEur: sum(te, (e) => e.npvSocietyEur),
      npvGridOperatorEur: sum(te, (e) => e.npvGridOperatorEur),
      npvMembersEur: sum(te, (e) => e.npvMembersEur),
      benefitCostRatio: pvCosts > 0 ? pvBenefits / pvCosts : null,
      paybackYear: paybackYear(yt.map((y) => y.netSocietyEur), years),
      peakReductionKw: sum(te, (e) => e.peakReductionKw),
      substationPeakReductionKw: sum(lastSubs, (s) => s.peakReductionKw),
      diversityMw: sum(lastRows, (r) => r.diversityKw) / 1000,
      controlMw: sum(lastRows, (r) => r.controlKw) / 1000,
      capacityFreedMw: freedMw,
      mwFreedPerMEur: capex > 0 ? freedMw / (capex / 1e6) : null,
      hubsShortOfCapacity: lastRows.filter((r) => r.hubActive && r.capacityShortKw > 0).length,
      unservedEnergyKwh: sum(
        terrainYears.filter((r) => r.strategy === strategy),
        (r) => r.unservedEnergyKwh,
      ),
      connectableEnergyKwh: sum(subs, (s) => s.connectableEnergyKwh),
      substationsOverloadedWithout: substations.filter((s) => s.strategy === WITHOUT_HUBS && s.firstOverloadYear !== null).length,
      substationsOverloadedWith: subs.filter((s) => s.firstOverloadYear !== null).length,
      substationYearsPeakRaised: sum(subs, (s) => s.yearsPeakRaised),
    };
  });

  const result: RolloutResult = {
    name: rollout.name,
    years: [...years],
    weatherYears: [...rollout.weatherYears],
    strategies,
    strategyForesight: Object.fromEntries(rollout.strategies.flatMap((spec) => strategyVariants([spec]).map((v) => [v, foresight(spec)]))),
    hubYears: results.reduce((s, r) => s + r.hubYears, 0),
    economicsConvention: convention(loaded, money),
    terrainYears,
    substationYears,
    substationPurchases,
    substations,
    terrainEconomics: terrainEcon,
    yearTotals,
    totals,
    agendaCheck: [],
    failures: [...results.flatMap((r) => r.failures), ...extraFailures],
  };
  if (rollout.agenda !== undefined) result.agendaCheck = agendaCheck(loaded, result);
  return result;
}

/** First year one of these orders is in service, if that is at most `until`. */
function firstInService(orders: readonly PurchaseRow[], until: number): number | null {
  const first = orders.reduce((m, o) => Math.min(m, o.inServiceYear), Number.POSITIVE_INFINITY);
  return first <= until ? first : null;
}

function convention(loaded: LoadedRollout, money: MoneyConvention): EconomicsConvention {
  const e = loaded.rollout.economics;
  return {
    baseYear: money.baseYear,
    discountRate: money.discountRate,
    discountRateSource: e.discountRateSource,
    currency: `EUR at constant prices of ${money.baseYear} (real; nothing is inflated)`,
    timing: 'investments (hub capex and replacements, reinforcement steps going into service) at the start of their year; every other flow at the end of its year; residual values at the end of the horizon',
    residualValue: 'straight-line over the asset\'s lifetime from the start of the year it went into service',
    perspectives: 'society = members + grid operator: CBC and GOPACS fees and transport tariffs are transfers between them and cancel',
    capacityRequests: loaded.rollout.growth.capacityRequests,
    valueOfLostLoadEurPerKwh: e.valueOfLostLoadEurPerKwh,
    valueOfLostLoadSource: e.valueOfLostLoadSource,
    hubLifetimeYears: e.hubLifetimeYears,
    hubLifetimeSource: e.hubLifetimeSource,
    spareCapacity: e.spareCapacity,
    spareCapacitySource: e.spareCapacitySource,
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
    for (const m of hub.members) demandMinutes = Math.max(demandMinutes, memberInputStepMinutes(m.profile, hub.axis.stepMinutes, year, source) ?? 0);
  }
  return peakNote(axisMinutes, demandMinutes);
}
