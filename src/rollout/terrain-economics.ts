import { hubWithBatteryCapexEur } from '../economics/hub-cost.js';
import { atEndOf, atStartOf, paybackYear, purchaseYears, residualShare, type MoneyConvention } from '../economics/present-value.js';
import type { AttributedReinforcement } from './attribution.js';
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

/**
 * Hub money over the horizon, of one terrain's hub or summed over all hubs under a strategy:
 * flows undiscounted, present values and NPVs in the three perspectives above.
 */
export interface HorizonMoney {
  /** Hub capex within the horizon, replacements included (EUR, undiscounted). */
  readonly capexEur: number;
  readonly opexEur: number;
  readonly avoidedReinforcementPvEur: number;
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
}

export interface TerrainEconomics extends HorizonMoney {
  readonly terrain: string;
  readonly substation: string;
  readonly strategy: string;
  readonly hubStartYear: number;
  /** What the hub's assets are worth at the horizon end (EUR, undiscounted). */
  readonly hubResidualEur: number;
  readonly attributionWeightKw: number;
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

/**
 * One terrain's hub's money in one year under one strategy, in the three perspectives and with the
 * timing above; the strategy's totals per year (totals.ts) are their sums over the terrains.
 */
export interface YearFlows {
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

/** One terrain's economics under one strategy over the horizon, and its money per horizon year. */
export interface TerrainHubEconomics {
  readonly row: TerrainEconomics;
  readonly years: readonly YearFlows[];
}

/**
 * The economics of terrain `ti` under `strategy` from its rows per horizon year (undefined where a
 * year has no row: its substation or that year failed) and its part of the substation's avoided
 * reinforcement (null when none was attributed).
 */
export function terrainEconomics(
  loaded: LoadedRollout,
  ti: number,
  strategy: string,
  rows: readonly (TerrainYearRow | undefined)[],
  reinf: AttributedReinforcement | null,
  c: MoneyConvention,
): TerrainHubEconomics {
  const purchases = hubPurchases(loaded, ti, c);
  const money = loaded.years.map((year, k) => yearMoney(loaded, year, k, rows[k], reinf, purchases, c));
  const totals = horizonTotals(money, rows);
  return { row: terrainRow(loaded, ti, strategy, rows[loaded.years.length - 1], reinf, purchases, totals), years: money.map((m) => m.flows) };
}

/**
 * The hub's purchases within the horizon: bought in its start year (the first horizon year when it
 * started before) and bought again at the end of each lifetime; the last purchase keeps a residual value
 * at the horizon end (straight-line over the lifetime).
 */
interface HubPurchases {
  /** The capex of one purchase (EUR). */
  readonly capexEur: number;
  /** The years a purchase is made (none when the hub starts after the horizon). */
  readonly years: readonly number[];
  /** What the hub's assets are worth at the horizon end (EUR, undiscounted). */
  readonly residualEur: number;
}

/** When terrain `ti`'s hub is bought within the horizon, at what capex, and what it is worth at the end. */
function hubPurchases(loaded: LoadedRollout, ti: number, c: MoneyConvention): HubPurchases {
  const econ = loaded.rollout.economics;
  const t = loaded.rollout.terrains[ti];
  const capexEur = hubWithBatteryCapexEur(econ.hubCapex, loaded.hubs[ti].hub.battery);
  const built = t.hubStartYear <= c.endYear;
  const years = built ? purchaseYears(Math.max(t.hubStartYear, loaded.years[0]), econ.hubLifetimeYears, c.endYear) : [];
  const residualEur = years.length === 0 ? 0 : capexEur * residualShare(years[years.length - 1], econ.hubLifetimeYears, c.endYear);
  return { capexEur, years, residualEur };
}

/**
 * One year's present values at the base year (EUR) that the horizon's NPVs sum: the members' flows,
 * the grid operator's transfers, society's benefits and costs, and the two parts that rest on the value
 * of lost load.
 */
interface YearPresentValues {
  readonly members: number;
  readonly gridTransfers: number;
  readonly benefits: number;
  readonly costs: number;
  readonly unserved: number;
  readonly lostShed: number;
}

/** One year's money of the hub, with its present values. */
interface YearMoney {
  readonly flows: YearFlows;
  readonly pv: YearPresentValues;
}

/**
 * The hub's money in horizon year `year` (index `k`) with the timing of the file header: capex at the
 * start of the year, the year's flows at its end, the residual values of the hub and of the
 * reinforcement given up at the end of the last year. `r` is undefined where the year has no row.
 */
function yearMoney(
  loaded: LoadedRollout,
  year: number,
  k: number,
  r: TerrainYearRow | undefined,
  reinf: AttributedReinforcement | null,
  purchases: HubPurchases,
  c: MoneyConvention,
): YearMoney {
  const last = loaded.years.length - 1;
  const fs = atStartOf(c, year);
  const fe = atEndOf(c, year);
  const capex = purchases.years.includes(year) ? purchases.capexEur : 0;
  const opex = r?.hubActive ? loaded.rollout.economics.hubOpexPerYearEur : 0;
  const curt = r?.avoidedCurtailmentEur ?? 0;
  const imb = r?.avoidedImbalanceEur ?? 0;
  const unserved = r?.avoidedUnservedEur ?? 0;
  const lostShed = r?.lostShedEur ?? 0;
  const arb = r?.arbitrageRevenueEur ?? 0;
  const transfers = r?.flexTransfersEur ?? 0;
  const tariff = r?.transportTariffSavingEur ?? 0;
  const reinfNow = reinf?.investmentEur[k] ?? 0;
  const residual = k === last ? purchases.residualEur + (reinf?.residualEur ?? 0) : 0;
  const hubResidualNow = k === last ? purchases.residualEur : 0;
  const reinfResidualNow = k === last ? (reinf?.residualEur ?? 0) : 0;
  const membersEnd = -opex + curt + imb + unserved + lostShed + arb + transfers + tariff + hubResidualNow;
  const gridEnd = -transfers - tariff + reinfResidualNow;
  const society = -capex - opex + curt + imb + unserved + lostShed + arb + reinfNow + residual;
  const pv: YearPresentValues = {
    members: -capex * fs + membersEnd * fe,
    gridTransfers: (-transfers - tariff) * fe,
    // Lost shed load is a negative benefit: it takes back the avoided unserved energy that shedding only relabels.
    benefits: (curt + imb + unserved + lostShed + arb + hubResidualNow) * fe,
    costs: capex * fs + opex * fe,
    unserved: unserved * fe,
    lostShed: lostShed * fe,
  };
  const flows: YearFlows = {
    capexEur: capex,
    opexEur: opex,
    avoidedReinforcementEur: reinfNow,
    residualValueEur: residual,
    avoidedCurtailmentEur: curt,
    avoidedImbalanceEur: imb,
    avoidedUnservedEur: unserved,
    lostShedEur: lostShed,
    arbitrageRevenueEur: arb,
    flexTransfersEur: transfers,
    transportTariffSavingEur: tariff,
    netSocietyEur: society,
    netMembersEur: -capex + membersEnd,
    netGridOperatorEur: reinfNow + gridEnd,
    pvSocietyEur: -capex * fs + membersEnd * fe + reinfNow * fs + gridEnd * fe,
    pvMembersEur: -capex * fs + membersEnd * fe,
    pvGridOperatorEur: reinfNow * fs + gridEnd * fe,
    pvBenefitsSocietyEur: (curt + imb + unserved + lostShed + arb + hubResidualNow) * fe + reinfNow * fs + reinfResidualNow * fe,
    pvCostsSocietyEur: capex * fs + opex * fe,
  };
  return { flows, pv };
}

/** The hub's money summed over the horizon years, in year order. */
interface HorizonTotals {
  /** Flows undiscounted (EUR), energy not served (kWh) and the years the connection waited for capacity. */
  readonly sum: {
    capex: number; opex: number; curt: number; imb: number; unserved: number; lostShed: number;
    arb: number; transfers: number; tariff: number; unservedKwh: number; waitingYears: number;
  };
  /** Present values at the base year (EUR). */
  readonly pv: { members: number; gridTransfers: number; benefits: number; costs: number; unserved: number; lostShed: number };
  /** Society's net flow per year (EUR, undiscounted), for the payback year. */
  readonly societyFlows: readonly number[];
}

/** Sums the years' money over the horizon; `rows` gives each year's energy not served and waiting capacity. */
function horizonTotals(money: readonly YearMoney[], rows: readonly (TerrainYearRow | undefined)[]): HorizonTotals {
  const sum = { capex: 0, opex: 0, curt: 0, imb: 0, unserved: 0, lostShed: 0, arb: 0, transfers: 0, tariff: 0, unservedKwh: 0, waitingYears: 0 };
  const pv = { members: 0, gridTransfers: 0, benefits: 0, costs: 0, unserved: 0, lostShed: 0 };
  money.forEach(({ flows: f, pv: p }, k) => {
    const r = rows[k];
    pv.members += p.members;
    pv.gridTransfers += p.gridTransfers;
    pv.benefits += p.benefits;
    pv.costs += p.costs;
    pv.unserved += p.unserved;
    pv.lostShed += p.lostShed;
    sum.capex += f.capexEur;
    sum.opex += f.opexEur;
    sum.curt += f.avoidedCurtailmentEur;
    sum.imb += f.avoidedImbalanceEur;
    sum.unserved += f.avoidedUnservedEur;
    sum.lostShed += f.lostShedEur;
    sum.arb += f.arbitrageRevenueEur;
    sum.transfers += f.flexTransfersEur;
    sum.tariff += f.transportTariffSavingEur;
    sum.unservedKwh += r?.unservedEnergyKwh ?? 0;
    if ((r?.waitingKw ?? 0) > 0) sum.waitingYears++;
  });
  return { sum, pv, societyFlows: money.map((m) => m.flows.netSocietyEur) };
}

/**
 * The terrain's row: its money over the horizon in the three perspectives (the grid operator's NPV is
 * the attributed avoided reinforcement less its transfers), and the capacity figures of the last
 * horizon year `lastRow` (0 or null when the hub is not active then).
 */
function terrainRow(
  loaded: LoadedRollout,
  ti: number,
  strategy: string,
  lastRow: TerrainYearRow | undefined,
  reinf: AttributedReinforcement | null,
  purchases: HubPurchases,
  { sum, pv, societyFlows }: HorizonTotals,
): TerrainEconomics {
  const t = loaded.rollout.terrains[ti];
  const reinfPv = reinf?.pvEur ?? 0;
  const npvGrid = reinfPv + pv.gridTransfers;
  const active = lastRow?.hubActive ?? false;
  const freedMw = active && lastRow!.capacityFreedKw !== null ? lastRow!.capacityFreedKw / 1000 : null;
  return {
    terrain: t.id,
    substation: t.substation,
    strategy,
    hubStartYear: t.hubStartYear,
    capexEur: sum.capex,
    hubResidualEur: purchases.residualEur,
    opexEur: sum.opex,
    avoidedReinforcementPvEur: reinfPv,
    attributionWeightKw: reinf?.weightKw ?? 0,
    avoidedCurtailmentEur: sum.curt,
    avoidedImbalanceEur: sum.imb,
    avoidedUnservedEur: sum.unserved,
    avoidedUnservedPvEur: pv.unserved,
    lostShedEur: sum.lostShed,
    lostShedPvEur: pv.lostShed,
    arbitrageRevenueEur: sum.arb,
    flexTransfersEur: sum.transfers,
    transportTariffSavingEur: sum.tariff,
    npvSocietyEur: pv.members + npvGrid,
    npvGridOperatorEur: npvGrid,
    npvMembersEur: pv.members,
    benefitCostRatio: pv.costs > 0 ? (pv.benefits + reinfPv) / pv.costs : null,
    paybackYear: paybackYear(societyFlows, loaded.years),
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
  };
}
