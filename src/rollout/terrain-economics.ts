import { hubCapexEur } from '../economics/hub-cost.js';
import { atEndOf, atStartOf, paybackYear, purchaseYears, residualShare, type MoneyConvention } from '../economics/present-value.js';
import type { LoadedRollout } from './load.js';
import type { TerrainYearRow } from './task.js';

/*
 * One terrain's hub under one strategy over the horizon, in the three perspectives of
 * docs/economics.md section 7. Per year, with the timing of the money convention:
 *
 *   members, start of year:  - hub capex (start year, replacements at the end of each lifetime)
 *   members, end of year:    - opex + avoided curtailment + avoided imbalance + avoided unserved energy
 *                            + lost shed load (negative) + arbitrage + CBC/GOPACS fees (net of penalties)
 *                            + transport tariff saving (+ the hub's residual value at the end of the horizon)
 *   grid operator, start:    + avoided reinforcement attributed to the terrain (investments avoided)
 *   grid operator, end:      - CBC/GOPACS fees - transport tariff saving (+ the attributed residual at the end)
 *   society = members + grid operator (the transfers cancel)
 */

/** The terrain's part of its substation's avoided reinforcement (attribution). */
export interface AttributedReinforcement {
  /** Present value (EUR): the terrain's exact share of the substation's. */
  readonly pvEur: number;
  /** Per horizon year: investment avoided (EUR, start of year). */
  readonly investmentEur: readonly number[];
  /** Residual value given up (EUR, end of the horizon). */
  readonly residualEur: number;
  /** The terrain's attribution weight (kW summed over the years). */
  readonly weightKw: number;
}

export interface TerrainEconomics {
  readonly terrain: string;
  readonly substation: string;
  readonly strategy: string;
  readonly hubStartYear: number;
  /** Hub capex within the horizon, replacements included (EUR, undiscounted). */
  readonly capexEur: number;
  /** What the hub's assets are worth at the horizon end (EUR, undiscounted). */
  readonly hubResidualEur: number;
  readonly opexEur: number;
  readonly avoidedReinforcementPvEur: number;
  readonly attributionWeightKw: number;
  readonly avoidedCurtailmentEur: number;
  readonly avoidedImbalanceEur: number;
  readonly avoidedUnservedEur: number;
  /** Its present value: with lostShedPvEur, the part of npvSocietyEur (and npvMembersEur) that rests on the value of lost load. */
  readonly avoidedUnservedPvEur: number;
  /** Lost shed load x the value of lost load over the horizon, undiscounted (EUR, negative). */
  readonly lostShedEur: number;
  /** Its present value (end-of-year flows): with avoidedUnservedPvEur, the part of the NPVs that rests on the value of lost load. */
  readonly lostShedPvEur: number;
  readonly arbitrageRevenueEur: number;
  readonly flexTransfersEur: number;
  readonly transportTariffSavingEur: number;
  readonly npvSocietyEur: number;
  readonly npvGridOperatorEur: number;
  readonly npvMembersEur: number;
  readonly benefitCostRatio: number | null;
  readonly paybackYear: number | null;
  /** In the last horizon year (0 or null when the hub has not started): */
  readonly peakReductionKw: number;
  readonly substationPeakLoweredKw: number;
  readonly diversityKw: number | null;
  readonly controlKw: number | null;
  readonly capacityFreedMw: number | null;
  readonly contractHeadroomKw: number | null;
  readonly capacityShortKw: number;
  readonly mwFreedPerMEur: number | null;
  /** Energy not served over the horizon (kWh). */
  readonly unservedEnergyKwh: number;
  /** Years the connection needed more than its granted cap. */
  readonly waitingYears: number;
}

export interface YearTotals {
  readonly strategy: string;
  readonly year: number;
  readonly capexEur: number;
  readonly opexEur: number;
  readonly avoidedReinforcementEur: number;
  /** Residual values at the horizon end (hubs, and reinforcement given up), in the last year only. */
  readonly residualValueEur: number;
  readonly avoidedCurtailmentEur: number;
  readonly avoidedImbalanceEur: number;
  readonly avoidedUnservedEur: number;
  /** Lost shed load x the value of lost load (negative). */
  readonly lostShedEur: number;
  readonly arbitrageRevenueEur: number;
  readonly flexTransfersEur: number;
  readonly transportTariffSavingEur: number;
  readonly netSocietyEur: number;
  readonly netMembersEur: number;
  readonly netGridOperatorEur: number;
  readonly pvSocietyEur: number;
  readonly pvMembersEur: number;
  readonly pvGridOperatorEur: number;
  readonly pvBenefitsSocietyEur: number;
  readonly pvCostsSocietyEur: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Every terrain's economics per strategy, and the totals per strategy and year. */
export function terrainEconomics(
  loaded: LoadedRollout,
  strategies: readonly string[],
  terrainYears: readonly TerrainYearRow[],
  attributedOf: (terrain: string, strategy: string) => AttributedReinforcement | null,
  c: MoneyConvention,
): { rows: TerrainEconomics[]; yearTotals: YearTotals[] } {
  const { rollout, years } = loaded;
  const econ = rollout.economics;
  const last = years.length - 1;
  const index = new Map<string, TerrainYearRow>(terrainYears.map((r) => [`${r.terrain}\u0000${r.strategy}\u0000${r.year}`, r]));
  const rows: TerrainEconomics[] = [];
  const yearTotals: YearTotals[] = [];
  for (const strategy of strategies) {
    const totals: Mutable<YearTotals>[] = years.map((year) => ({
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
    }));
    rollout.terrains.forEach((t, ti) => {
      const hub = loaded.hubs[ti].hub;
      const battery = hub.battery ? { energyKwh: hub.battery.energyKwh, powerKw: Math.max(hub.battery.chargeKw ?? hub.battery.powerKw ?? 0, hub.battery.dischargeKw ?? hub.battery.powerKw ?? 0) } : undefined;
      const capexOnce = hubCapexEur(econ.hubCapex, battery).totalEur;
      const built = t.hubStartYear <= c.endYear;
      const buys = built ? purchaseYears(Math.max(t.hubStartYear, years[0]), econ.hubLifetimeYears, c.endYear) : [];
      const hubResidual = buys.length === 0 ? 0 : capexOnce * residualShare(buys[buys.length - 1], econ.hubLifetimeYears, c.endYear);
      const reinf = attributedOf(t.id, strategy);
      const sum = { capex: 0, opex: 0, curt: 0, imb: 0, unserved: 0, lostShed: 0, arb: 0, transfers: 0, tariff: 0, unservedKwh: 0, waitingYears: 0 };
      let pvMembers = 0;
      let pvGridOther = 0;
      let pvBenefits = 0;
      let pvCosts = 0;
      let pvUnserved = 0;
      let pvLostShed = 0;
      const societyFlows: number[] = [];
      years.forEach((year, k) => {
        const r = index.get(`${t.id}\u0000${strategy}\u0000${year}`);
        const fs = atStartOf(c, year);
        const fe = atEndOf(c, year);
        const capex = buys.includes(year) ? capexOnce : 0;
        const opex = r?.hubActive ? econ.hubOpexPerYearEur : 0;
        const curt = r?.avoidedCurtailmentEur ?? 0;
        const imb = r?.avoidedImbalanceEur ?? 0;
        const unserved = r?.avoidedUnservedEur ?? 0;
        const lostShed = r?.lostShedEur ?? 0;
        const arb = r?.arbitrageRevenueEur ?? 0;
        const transfers = r?.flexTransfersEur ?? 0;
        const tariff = r?.transportTariffSavingEur ?? 0;
        const reinfNow = reinf?.investmentEur[k] ?? 0;
        const residual = k === last ? hubResidual + (reinf?.residualEur ?? 0) : 0;
        const hubResidualNow = k === last ? hubResidual : 0;
        const reinfResidualNow = k === last ? (reinf?.residualEur ?? 0) : 0;
        const membersEnd = -opex + curt + imb + unserved + lostShed + arb + transfers + tariff + hubResidualNow;
        const gridEnd = -transfers - tariff + reinfResidualNow;
        pvMembers += -capex * fs + membersEnd * fe;
        pvGridOther += (-transfers - tariff) * fe;
        // Lost shed load is a negative benefit: it takes back the avoided unserved energy that shedding only relabels.
        pvBenefits += (curt + imb + unserved + lostShed + arb + hubResidualNow) * fe;
        pvCosts += capex * fs + opex * fe;
        pvUnserved += unserved * fe;
        pvLostShed += lostShed * fe;
        const society = -capex - opex + curt + imb + unserved + lostShed + arb + reinfNow + residual;
        societyFlows.push(society);
        sum.capex += capex;
        sum.opex += opex;
        sum.curt += curt;
        sum.imb += imb;
        sum.unserved += unserved;
        sum.lostShed += lostShed;
        sum.arb += arb;
        sum.transfers += transfers;
        sum.tariff += tariff;
        sum.unservedKwh += r?.unservedEnergyKwh ?? 0;
        if ((r?.waitingKw ?? 0) > 0) sum.waitingYears++;
        const y = totals[k];
        y.capexEur += capex;
        y.opexEur += opex;
        y.avoidedReinforcementEur += reinfNow;
        y.residualValueEur += residual;
        y.avoidedCurtailmentEur += curt;
        y.avoidedImbalanceEur += imb;
        y.avoidedUnservedEur += unserved;
        y.lostShedEur += lostShed;
        y.arbitrageRevenueEur += arb;
        y.flexTransfersEur += transfers;
        y.transportTariffSavingEur += tariff;
        y.netSocietyEur += society;
        y.netMembersEur += -capex + membersEnd;
        y.netGridOperatorEur += reinfNow + gridEnd;
        y.pvMembersEur += -capex * fs + membersEnd * fe;
        y.pvGridOperatorEur += reinfNow * fs + gridEnd * fe;
        y.pvSocietyEur += -capex * fs + membersEnd * fe + reinfNow * fs + gridEnd * fe;
        y.pvBenefitsSocietyEur += (curt + imb + unserved + lostShed + arb + hubResidualNow) * fe + reinfNow * fs + reinfResidualNow * fe;
        y.pvCostsSocietyEur += capex * fs + opex * fe;
      });
      const reinfPv = reinf?.pvEur ?? 0;
      const npvGrid = reinfPv + pvGridOther;
      const lastRow = index.get(`${t.id}\u0000${strategy}\u0000${years[last]}`);
      const active = lastRow?.hubActive ?? false;
      const freedMw = active && lastRow!.capacityFreedKw !== null ? lastRow!.capacityFreedKw / 1000 : null;
      rows.push({
        terrain: t.id,
        substation: t.substation,
        strategy,
        hubStartYear: t.hubStartYear,
        capexEur: sum.capex,
        hubResidualEur: hubResidual,
        opexEur: sum.opex,
        avoidedReinforcementPvEur: reinfPv,
        attributionWeightKw: reinf?.weightKw ?? 0,
        avoidedCurtailmentEur: sum.curt,
        avoidedImbalanceEur: sum.imb,
        avoidedUnservedEur: sum.unserved,
        avoidedUnservedPvEur: pvUnserved,
        lostShedEur: sum.lostShed,
        lostShedPvEur: pvLostShed,
        arbitrageRevenueEur: sum.arb,
        flexTransfersEur: sum.transfers,
        transportTariffSavingEur: sum.tariff,
        npvSocietyEur: pvMembers + npvGrid,
        npvGridOperatorEur: npvGrid,
        npvMembersEur: pvMembers,
        benefitCostRatio: pvCosts > 0 ? (pvBenefits + reinfPv) / pvCosts : null,
        paybackYear: paybackYear(societyFlows, years),
        peakReductionKw: active ? (lastRow!.metrics.peakReductionKw ?? 0) : 0,
        substationPeakLoweredKw: active ? lastRow!.substationPeakLoweredKw : 0,
        diversityKw: active ? lastRow!.diversityKw : null,
        controlKw: active ? lastRow!.controlKw : null,
        capacityFreedMw: freedMw,
        contractHeadroomKw: active ? lastRow!.contractHeadroomKw : null,
        capacityShortKw: active ? lastRow!.capacityShortKw : 0,
        mwFreedPerMEur: freedMw !== null && sum.capex > 0 ? freedMw / (sum.capex / 1e6) : null,
        unservedEnergyKwh: sum.unservedKwh,
        waitingYears: sum.waitingYears,
      });
    });
    yearTotals.push(...totals);
  }
  return { rows, yearTotals };
}
