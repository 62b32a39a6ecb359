import { attributeByShare } from '../economics/attribution.js';
import { deferralValueEur, deferralYears } from '../economics/deferral.js';
import { hubCapexEur } from '../economics/hub-cost.js';
import { benefitCostRatio, paybackYear, presentValue } from '../economics/npv.js';
import { reinforcementPlan, resolveLevels, type ReinforcementPlan } from '../economics/reinforcement.js';
import { METRICS } from '../results/metrics.js';
import type { LoadedRollout } from './load.js';
import { strategyVariants, WITHOUT_HUBS, type JobFailure, type TaskResult, type TerrainOutcome } from './task.js';

/** One terrain in one year in one variant, averaged over the weather years that ran. */
export interface TerrainYearRow {
  terrain: string;
  substation: string;
  year: number;
  strategy: string;
  hubActive: boolean;
  weatherYears: number;
  metrics: Record<string, number | null>;
  lostGenerationKwh: number;
  curtailmentCostEur: number;
  imbalanceCostEur: number;
  avoidedCurtailmentEur: number;
  avoidedImbalanceEur: number;
}

export interface SubstationYearRow {
  substation: string;
  year: number;
  strategy: string;
  /** Highest load over the weather years (the worst weather year decides the grid), kW. */
  peakLoadKw: number;
  safeCapacityKw: number;
  overloadHours: number;
  capacityKw: number;
  reinforcementEur: number;
}

export interface SubstationSummary {
  substation: string;
  strategy: string;
  firstOverloadYear: number | null;
  reinforcementEur: number;
  avoidedReinforcementEur: number;
  deferralYears: number;
  deferralBeyondHorizon: boolean;
  deferralValueEur: number;
}

export interface TerrainEconomics {
  terrain: string;
  strategy: string;
  hubStartYear: number;
  capexEur: number;
  opexEur: number;
  avoidedReinforcementEur: number;
  avoidedCurtailmentEur: number;
  avoidedImbalanceEur: number;
  /** Flex and contract revenue (flexRevenueEur of the runs: CBC fees, GOPACS, arbitrage, minus penalties). */
  flexRevenueEur: number;
  npvEur: number;
  benefitCostRatio: number | null;
  paybackYear: number | null;
  peakReductionKw: number;
  capacityFreedMw: number;
  mwFreedPerMEur: number | null;
}

export interface YearTotals {
  strategy: string;
  year: number;
  capexEur: number;
  opexEur: number;
  avoidedReinforcementEur: number;
  avoidedCurtailmentEur: number;
  avoidedImbalanceEur: number;
  /** Flex and contract revenue (flexRevenueEur of the runs: CBC fees, GOPACS, arbitrage, minus penalties). */
  flexRevenueEur: number;
  netCashFlowEur: number;
}

export interface StrategyTotals {
  strategy: string;
  hubs: number;
  capexEur: number;
  opexEur: number;
  avoidedReinforcementEur: number;
  deferralValueEur: number;
  avoidedCurtailmentEurPerYear: number;
  avoidedImbalanceEurPerYear: number;
  flexRevenueEurPerYear: number;
  npvEur: number;
  benefitCostRatio: number | null;
  paybackYear: number | null;
  peakReductionKw: number;
  capacityFreedMw: number;
  mwFreedPerMEur: number | null;
  substationsOverloadedWithout: number;
  substationsOverloadedWith: number;
}

export interface AgendaFigures {
  terrains: number;
  capexPerHubEur: number;
  investmentEur: number;
  avoidedInvestmentEur: number;
  avoidedCurtailmentImbalanceEurPerYear: number;
  source: string;
}

export interface RolloutResult {
  name: string;
  years: number[];
  weatherYears: number[];
  strategies: string[];
  hubYears: number;
  terrainYears: TerrainYearRow[];
  substationYears: SubstationYearRow[];
  substations: SubstationSummary[];
  terrainEconomics: TerrainEconomics[];
  yearTotals: YearTotals[];
  totals: StrategyTotals[];
  agenda: AgendaFigures | null;
  failures: JobFailure[];
}

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Turn the tasks' results into the rollout's tables: terrain-years, substations, economics, totals. */
export function aggregate(loaded: LoadedRollout, results: readonly TaskResult[], extraFailures: JobFailure[] = []): RolloutResult {
  const { rollout, years } = loaded;
  const econ = rollout.economics;
  const strategies = strategyVariants(rollout.strategies);
  const variants = [WITHOUT_HUBS, ...strategies];
  const endYear = rollout.horizon.endYear;

  // Terrain-years: average each variant over the weather years.
  const byKey = new Map<string, TerrainOutcome[]>();
  const subByKey = new Map<string, { peak: number[]; overload: number[] }>();
  for (const r of results) {
    for (const o of r.terrains) {
      const key = `${o.terrain}|${r.year}|${o.strategy}`;
      byKey.set(key, [...(byKey.get(key) ?? []), o]);
    }
    for (const s of r.substations) {
      const key = `${r.substation}|${r.year}|${s.strategy}`;
      const entry = subByKey.get(key) ?? { peak: [], overload: [] };
      entry.peak.push(s.peakLoadKw);
      entry.overload.push(s.overloadHours);
      subByKey.set(key, entry);
    }
  }
  const terrainYears: TerrainYearRow[] = [];
  const rowIndex = new Map<string, TerrainYearRow>();
  const row = (terrain: string, year: number, strategy: string): TerrainYearRow | undefined => rowIndex.get(`${terrain}|${year}|${strategy}`);
  for (const t of rollout.terrains) {
    for (const year of years) {
      for (const strategy of variants) {
        const outs = byKey.get(`${t.id}|${year}|${strategy}`);
        if (outs === undefined) continue;
        const metrics: Record<string, number | null> = {};
        for (const m of METRICS) {
          const vals = outs.map((o) => o.metrics[m.name]).filter((v): v is number => v !== null);
          metrics[m.name] = vals.length === outs.length ? mean(vals) : null;
        }
        terrainYears.push({
          terrain: t.id,
          substation: t.substation,
          year,
          strategy,
          hubActive: outs[0].hubActive,
          weatherYears: outs.length,
          metrics,
          lostGenerationKwh: mean(outs.map((o) => o.lostGenerationKwh)),
          curtailmentCostEur: mean(outs.map((o) => o.curtailmentCostEur)),
          imbalanceCostEur: mean(outs.map((o) => o.imbalanceCostEur)),
          avoidedCurtailmentEur: 0,
          avoidedImbalanceEur: 0,
        });
        rowIndex.set(`${t.id}|${year}|${strategy}`, terrainYears[terrainYears.length - 1]);
      }
    }
  }
  for (const r of terrainYears) {
    const ref = row(r.terrain, r.year, WITHOUT_HUBS);
    if (ref === undefined || r.strategy === WITHOUT_HUBS) continue;
    r.avoidedCurtailmentEur = ref.curtailmentCostEur - r.curtailmentCostEur;
    r.avoidedImbalanceEur = ref.imbalanceCostEur - r.imbalanceCostEur;
  }

  // Substations: the worst weather year's peak per year, the reinforcement plan per variant.
  const substationYears: SubstationYearRow[] = [];
  const substations: SubstationSummary[] = [];
  const plans = new Map<string, ReinforcementPlan>();
  rollout.substations.forEach((s, si) => {
    const levels = resolveLevels(s.voltageLevels, [...loaded.levels], `substations[${si}].voltageLevels`);
    for (const strategy of variants) {
      const peaks = years.map((y) => subByKey.get(`${s.id}|${y}|${strategy}`));
      if (peaks.some((p) => p === undefined)) continue;
      const peakKw = peaks.map((p) => Math.max(...p!.peak));
      const plan = reinforcementPlan({ years: [...years], peakKw, capacityKw: s.capacityKw, spareCapacity: econ.spareCapacity, levels });
      plans.set(`${s.id}|${strategy}`, plan);
      years.forEach((y, k) => {
        substationYears.push({
          substation: s.id,
          year: y,
          strategy,
          peakLoadKw: peakKw[k],
          safeCapacityKw: s.capacityKw * (1 - econ.spareCapacity),
          overloadHours: mean(peaks[k]!.overload),
          capacityKw: plan.capacityKwByYear[k],
          reinforcementEur: plan.purchases.filter((p) => p.year === y).reduce((sum, p) => sum + p.costEur, 0),
        });
      });
    }
    const without = plans.get(`${s.id}|${WITHOUT_HUBS}`);
    for (const strategy of variants) {
      const plan = plans.get(`${s.id}|${strategy}`);
      if (plan === undefined || without === undefined) continue;
      const deferral = deferralYears(without.firstYear, plan.firstYear, endYear);
      const firstCost = without.purchases.filter((p) => p.year === without.firstYear).reduce((sum, p) => sum + p.costEur, 0);
      substations.push({
        substation: s.id,
        strategy,
        firstOverloadYear: plan.firstYear,
        reinforcementEur: plan.totalCostEur,
        avoidedReinforcementEur: without.totalCostEur - plan.totalCostEur,
        deferralYears: deferral.years,
        deferralBeyondHorizon: deferral.beyondHorizon,
        deferralValueEur: deferral.years > 0 ? deferralValueEur(firstCost, deferral.years, econ.discountRate) : 0,
      });
    }
  });

  // Attribution of each substation's avoided reinforcement to its terrains, by their share of the
  // avoided kW at the substation's peak, in the first year the substation is overloaded without hubs
  // (the last year when it never is). The avoided cost of each year is what the plan without hubs
  // buys that year minus what the plan with the strategy buys, so a purchase the hubs only postpone
  // counts as a saving in its year and a cost in the later one: the NPV then holds the value of
  // deferral too.
  const attributed = new Map<string, number[]>();
  const purchasesIn = (plan: ReinforcementPlan, year: number): number => plan.purchases.filter((p) => p.year === year).reduce((sum, p) => sum + p.costEur, 0);
  for (const s of substations) {
    if (s.strategy === WITHOUT_HUBS) continue;
    const without = plans.get(`${s.substation}|${WITHOUT_HUBS}`)!;
    const year = without.firstYear ?? endYear;
    const terrains = rollout.terrains.filter((t) => t.substation === s.substation);
    const avoidedKw = terrains.map((t) => {
      const before = byKey.get(`${t.id}|${year}|${WITHOUT_HUBS}`);
      const after = byKey.get(`${t.id}|${year}|${s.strategy}`);
      if (before === undefined || after === undefined) return 0;
      return mean(before.map((o) => o.importAtSubstationPeakKw)) - mean(after.map((o) => o.importAtSubstationPeakKw));
    });
    const withPlan = plans.get(`${s.substation}|${s.strategy}`)!;
    const perYear = years.map((y) => attributeByShare(purchasesIn(without, y) - purchasesIn(withPlan, y), avoidedKw));
    terrains.forEach((t, k) => attributed.set(`${t.id}|${s.strategy}`, perYear.map((parts) => parts[k])));
  }

  // Economics per terrain and strategy: capex in the start year, opex and avoided costs every year
  // the hub runs, and the attributed avoided reinforcement of each year.
  const terrainEconomics: TerrainEconomics[] = [];
  const yearTotals: YearTotals[] = [];
  const rate = econ.discountRate;
  for (const strategy of strategies) {
    const totalsByYear = years.map((year) => ({ strategy, year, capexEur: 0, opexEur: 0, avoidedReinforcementEur: 0, avoidedCurtailmentEur: 0, avoidedImbalanceEur: 0, flexRevenueEur: 0, netCashFlowEur: 0 }));
    rollout.terrains.forEach((t, ti) => {
      const hub = loaded.hubs[ti].hub;
      const capex = hubCapexEur(econ.hubCapex, hub.battery ? { energyKwh: hub.battery.energyKwh, powerKw: Math.max(hub.battery.chargeKw ?? hub.battery.powerKw ?? 0, hub.battery.dischargeKw ?? hub.battery.powerKw ?? 0) } : undefined);
      const avoidedByYear = attributed.get(`${t.id}|${strategy}`) ?? years.map(() => 0);
      const avoidedReinforcement = avoidedByYear.reduce((sum, x) => sum + x, 0);
      const benefits: number[] = [];
      const costs: number[] = [];
      let avoidedCurtailment = 0;
      let avoidedImbalance = 0;
      let flexRevenue = 0;
      let opex = 0;
      years.forEach((year, k) => {
        const r = row(t.id, year, strategy);
        const active = r?.hubActive ?? false;
        const capexNow = year === Math.max(t.hubStartYear, years[0]) && t.hubStartYear <= endYear ? capex.totalEur : 0;
        const opexNow = active ? econ.hubOpexPerYearEur : 0;
        const curtail = active ? r!.avoidedCurtailmentEur : 0;
        const imbalance = active ? r!.avoidedImbalanceEur : 0;
        const flex = active ? (r!.metrics.flexRevenueEur ?? 0) : 0;
        const reinforcement = avoidedByYear[k];
        benefits.push(curtail + imbalance + flex + reinforcement);
        costs.push(capexNow + opexNow);
        avoidedCurtailment += curtail;
        avoidedImbalance += imbalance;
        flexRevenue += flex;
        opex += opexNow;
        const y = totalsByYear[k];
        y.capexEur += capexNow;
        y.opexEur += opexNow;
        y.avoidedCurtailmentEur += curtail;
        y.avoidedImbalanceEur += imbalance;
        y.flexRevenueEur += flex;
        y.avoidedReinforcementEur += reinforcement;
        y.netCashFlowEur += curtail + imbalance + flex + reinforcement - capexNow - opexNow;
      });
      const flows = benefits.map((b, k) => b - costs[k]);
      const last = row(t.id, endYear, strategy);
      const freedMw = last?.hubActive ? (last.metrics.capacityFreedKw ?? 0) / 1000 : 0;
      const capexSpent = costs.length > 0 && t.hubStartYear <= endYear ? capex.totalEur : 0;
      terrainEconomics.push({
        terrain: t.id,
        strategy,
        hubStartYear: t.hubStartYear,
        capexEur: capexSpent,
        opexEur: opex,
        avoidedReinforcementEur: avoidedReinforcement,
        avoidedCurtailmentEur: avoidedCurtailment,
        avoidedImbalanceEur: avoidedImbalance,
        flexRevenueEur: flexRevenue,
        npvEur: presentValue(flows, rate),
        benefitCostRatio: benefitCostRatio(benefits, costs, rate),
        paybackYear: paybackYear(flows, [...years]),
        peakReductionKw: last?.hubActive ? (last.metrics.peakReductionKw ?? 0) : 0,
        capacityFreedMw: freedMw,
        mwFreedPerMEur: capexSpent > 0 ? freedMw / (capexSpent / 1e6) : null,
      });
    });
    yearTotals.push(...totalsByYear);
  }

  const totals: StrategyTotals[] = strategies.map((strategy) => {
    const te = terrainEconomics.filter((e) => e.strategy === strategy);
    const yt = yearTotals.filter((y) => y.strategy === strategy);
    const subs = substations.filter((s) => s.strategy === strategy);
    const capex = te.reduce((s, e) => s + e.capexEur, 0);
    const freed = te.reduce((s, e) => s + e.capacityFreedMw, 0);
    const flows = yt.map((y) => y.netCashFlowEur);
    const last = yt[yt.length - 1];
    return {
      strategy,
      hubs: te.filter((e) => e.capexEur > 0).length,
      capexEur: capex,
      opexEur: te.reduce((s, e) => s + e.opexEur, 0),
      avoidedReinforcementEur: subs.reduce((s, e) => s + e.avoidedReinforcementEur, 0),
      deferralValueEur: subs.reduce((s, e) => s + e.deferralValueEur, 0),
      avoidedCurtailmentEurPerYear: last?.avoidedCurtailmentEur ?? 0,
      avoidedImbalanceEurPerYear: last?.avoidedImbalanceEur ?? 0,
      flexRevenueEurPerYear: last?.flexRevenueEur ?? 0,
      npvEur: presentValue(flows, rate),
      benefitCostRatio: benefitCostRatio(
        yt.map((y) => y.avoidedCurtailmentEur + y.avoidedImbalanceEur + y.flexRevenueEur + y.avoidedReinforcementEur),
        yt.map((y) => y.capexEur + y.opexEur),
        rate,
      ),
      paybackYear: paybackYear(flows, [...years]),
      peakReductionKw: te.reduce((s, e) => s + e.peakReductionKw, 0),
      capacityFreedMw: freed,
      mwFreedPerMEur: capex > 0 ? freed / (capex / 1e6) : null,
      substationsOverloadedWithout: substations.filter((s) => s.strategy === WITHOUT_HUBS && s.firstOverloadYear !== null).length,
      substationsOverloadedWith: subs.filter((s) => s.firstOverloadYear !== null).length,
    };
  });

  let agenda: AgendaFigures | null = null;
  if (rollout.agenda !== undefined) {
    const perHub = hubCapexEur(econ.hubCapex).totalEur;
    const n = rollout.terrains.length;
    agenda = {
      terrains: n,
      capexPerHubEur: perHub,
      investmentEur: n * perHub,
      avoidedInvestmentEur: n * rollout.agenda.avoidedReinforcementPerTerrainEur,
      avoidedCurtailmentImbalanceEurPerYear: n * rollout.agenda.avoidedCurtailmentImbalancePerHubPerYearEur,
      source: rollout.agenda.source,
    };
  }

  return {
    name: rollout.name,
    years: [...years],
    weatherYears: [...rollout.weatherYears],
    strategies,
    hubYears: results.reduce((s, r) => s + r.hubYears, 0),
    terrainYears,
    substationYears,
    substations,
    terrainEconomics,
    yearTotals,
    totals,
    agenda,
    failures: [...results.flatMap((r) => r.failures), ...extraFailures],
  };
}
