import { paybackYear } from '../economics/present-value.js';
import type { RolloutKeys } from './keys.js';
import type { SubstationSummary } from './substations.js';
import { WITHOUT_HUBS, type SubstationYearRow, type TerrainYearRow } from './task.js';
import type { HorizonMoney, TerrainHubEconomics, YearFlows } from './terrain-economics.js';

/*
 * The rollout's totals per strategy over all terrains and substations (`totals`), and per strategy
 * and year (`yearTotals`), kept as running sums while the substations' results come in:
 *
 *   money (docs/economics.md sections 6 and 7): the terrains' hub economics summed, so that
 *     npvSocietyEur = npvMembersEur + npvGridOperatorEur holds for the totals as for each terrain;
 *     benefitCostRatio = sum_y PV benefits / sum_y PV costs, paybackYear from the yearly net flows;
 *     avoided reinforcement = sum over the substations (its attribution to terrains adds up to it);
 *   capacity (sections 4 and 5): in the last horizon year, the substations' peak reduction and the
 *     terrains' diversity, control and capacity freed; energy not served and connectable over the horizon.
 *
 * Each sum runs in the order of the rows in results.json (substations and their rows in scenario
 * order; terrains in scenario order), so the totals are the same to the bit however the tasks ran.
 */

/** One strategy's money in one year, summed over the terrains. */
export interface YearTotals extends YearFlows {
  readonly strategy: string;
  readonly year: number;
}

/** One strategy over the horizon: every hub's money summed, and the capacity figures of the last year. */
export interface StrategyTotals extends HorizonMoney {
  readonly strategy: string;
  readonly hubs: number;
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The sums behind one strategy's StrategyTotals; the ratios and the MW are taken when the totals are read. */
type StrategySums = Mutable<Omit<StrategyTotals, 'strategy' | 'benefitCostRatio' | 'paybackYear' | 'diversityMw' | 'controlMw' | 'mwFreedPerMEur' | 'substationsOverloadedWithout'>> & {
  diversityKw: number;
  controlKw: number;
};

/** The terrain economics' figures that add up across terrains into a strategy's totals. */
const TERRAIN_SUMS = [
  'capexEur',
  'opexEur',
  'avoidedCurtailmentEur',
  'avoidedImbalanceEur',
  'avoidedUnservedEur',
  'avoidedUnservedPvEur',
  'lostShedEur',
  'lostShedPvEur',
  'arbitrageRevenueEur',
  'flexTransfersEur',
  'transportTariffSavingEur',
  'npvSocietyEur',
  'npvGridOperatorEur',
  'npvMembersEur',
  'peakReductionKw',
] as const;

const YEAR_FLOWS: readonly (keyof YearFlows)[] = [
  'capexEur',
  'opexEur',
  'avoidedReinforcementEur',
  'residualValueEur',
  'avoidedCurtailmentEur',
  'avoidedImbalanceEur',
  'avoidedUnservedEur',
  'lostShedEur',
  'arbitrageRevenueEur',
  'flexTransfersEur',
  'transportTariffSavingEur',
  'netSocietyEur',
  'netMembersEur',
  'netGridOperatorEur',
  'pvSocietyEur',
  'pvMembersEur',
  'pvGridOperatorEur',
  'pvBenefitsSocietyEur',
  'pvCostsSocietyEur',
];

/** Running totals per strategy and per strategy and year. */
export class RolloutTotals {
  private readonly sums: StrategySums[];
  private readonly years: Mutable<YearTotals>[][];
  private substationsOverloadedWithout = 0;

  constructor(
    private readonly keys: RolloutKeys,
    private readonly endYear: number,
  ) {
    this.sums = keys.strategies.map(() => ({
      hubs: 0,
      capexEur: 0,
      opexEur: 0,
      avoidedReinforcementPvEur: 0,
      avoidedCurtailmentEur: 0,
      avoidedImbalanceEur: 0,
      avoidedUnservedEur: 0,
      avoidedUnservedPvEur: 0,
      lostShedEur: 0,
      lostShedPvEur: 0,
      arbitrageRevenueEur: 0,
      flexTransfersEur: 0,
      transportTariffSavingEur: 0,
      npvSocietyEur: 0,
      npvGridOperatorEur: 0,
      npvMembersEur: 0,
      peakReductionKw: 0,
      substationPeakReductionKw: 0,
      diversityKw: 0,
      controlKw: 0,
      capacityFreedMw: 0,
      hubsShortOfCapacity: 0,
      unservedEnergyKwh: 0,
      connectableEnergyKwh: 0,
      substationsOverloadedWith: 0,
      substationYearsPeakRaised: 0,
    }));
    this.years = keys.strategies.map((strategy) =>
      keys.years.map((year) => ({
        strategy,
        year,
        capexEur: 0,
        opexEur: 0,
        avoidedReinforcementEur: 0,
        residualValueEur: 0,
        avoidedCurtailmentEur: 0,
        avoidedImbalanceEur: 0,
        avoidedUnservedEur: 0,
        lostShedEur: 0,
        arbitrageRevenueEur: 0,
        flexTransfersEur: 0,
        transportTariffSavingEur: 0,
        netSocietyEur: 0,
        netMembersEur: 0,
        netGridOperatorEur: 0,
        pvSocietyEur: 0,
        pvMembersEur: 0,
        pvGridOperatorEur: 0,
        pvBenefitsSocietyEur: 0,
        pvCostsSocietyEur: 0,
      })),
    );
  }

  /** A substation's summaries, one per variant: avoided reinforcement, connectable energy, overloads. */
  addSubstation(summaries: readonly SubstationSummary[]): void {
    for (const s of summaries) {
      if (s.strategy === WITHOUT_HUBS) {
        if (s.firstOverloadYear !== null) this.substationsOverloadedWithout++;
        continue;
      }
      const t = this.sums[this.keys.strategy(s.strategy)];
      t.avoidedReinforcementPvEur += s.avoidedReinforcementPvEur;
      t.connectableEnergyKwh += s.connectableEnergyKwh;
      if (s.firstOverloadYear !== null) t.substationsOverloadedWith++;
      t.substationYearsPeakRaised += s.yearsPeakRaised;
    }
  }

  /** A substation's yearly rows: its peak reduction in the last horizon year. */
  addSubstationYears(rows: readonly SubstationYearRow[]): void {
    for (const r of rows) {
      const s = this.keys.strategy(r.strategy);
      if (s >= 0 && r.year === this.endYear) this.sums[s].substationPeakReductionKw += r.peakReductionKw;
    }
  }

  /** Terrain-year rows: energy not served over the horizon; diversity, control and hubs short of capacity in the last year. */
  addTerrainYears(rows: readonly TerrainYearRow[]): void {
    for (const r of rows) {
      const s = this.keys.strategy(r.strategy);
      if (s < 0) continue;
      const t = this.sums[s];
      t.unservedEnergyKwh += r.unservedEnergyKwh;
      if (r.year !== this.endYear) continue;
      t.diversityKw += r.diversityKw ?? 0;
      t.controlKw += r.controlKw ?? 0;
      if (r.hubActive && r.capacityShortKw > 0) t.hubsShortOfCapacity++;
    }
  }

  /** One terrain's economics under the strategy; terrains are added in scenario order. */
  addTerrain(strategy: number, e: TerrainHubEconomics): void {
    const t = this.sums[strategy];
    if (e.row.capexEur > 0) t.hubs++;
    for (const f of TERRAIN_SUMS) t[f] += e.row[f];
    t.capacityFreedMw += e.row.capacityFreedMw ?? 0;
    e.years.forEach((flows, k) => {
      const y = this.years[strategy][k];
      for (const f of YEAR_FLOWS) y[f] += flows[f];
    });
  }

  /** Per strategy, per horizon year. */
  yearTotals(): YearTotals[] {
    return this.years.flat();
  }

  /** Per strategy, over the horizon. */
  strategyTotals(): StrategyTotals[] {
    return this.keys.strategies.map((strategy, s) => {
      const t = this.sums[s];
      const yt = this.years[s];
      const pvBenefits = yt.reduce((sum, y) => sum + y.pvBenefitsSocietyEur, 0);
      const pvCosts = yt.reduce((sum, y) => sum + y.pvCostsSocietyEur, 0);
      return {
        strategy,
        hubs: t.hubs,
        capexEur: t.capexEur,
        opexEur: t.opexEur,
        avoidedReinforcementPvEur: t.avoidedReinforcementPvEur,
        avoidedCurtailmentEur: t.avoidedCurtailmentEur,
        avoidedImbalanceEur: t.avoidedImbalanceEur,
        avoidedUnservedEur: t.avoidedUnservedEur,
        avoidedUnservedPvEur: t.avoidedUnservedPvEur,
        lostShedEur: t.lostShedEur,
        lostShedPvEur: t.lostShedPvEur,
        arbitrageRevenueEur: t.arbitrageRevenueEur,
        flexTransfersEur: t.flexTransfersEur,
        transportTariffSavingEur: t.transportTariffSavingEur,
        npvSocietyEur: t.npvSocietyEur,
        npvGridOperatorEur: t.npvGridOperatorEur,
        npvMembersEur: t.npvMembersEur,
        benefitCostRatio: pvCosts > 0 ? pvBenefits / pvCosts : null,
        paybackYear: paybackYear(
          yt.map((y) => y.netSocietyEur),
          this.keys.years,
        ),
        peakReductionKw: t.peakReductionKw,
        substationPeakReductionKw: t.substationPeakReductionKw,
        diversityMw: t.diversityKw / 1000,
        controlMw: t.controlKw / 1000,
        capacityFreedMw: t.capacityFreedMw,
        mwFreedPerMEur: t.capexEur > 0 ? t.capacityFreedMw / (t.capexEur / 1e6) : null,
        hubsShortOfCapacity: t.hubsShortOfCapacity,
        unservedEnergyKwh: t.unservedEnergyKwh,
        connectableEnergyKwh: t.connectableEnergyKwh,
        substationsOverloadedWithout: this.substationsOverloadedWithout,
        substationsOverloadedWith: t.substationsOverloadedWith,
        substationYearsPeakRaised: t.substationYearsPeakRaised,
      };
    });
  }
}
