import type { Recorder } from '../engine/recorder.js';
import { highestFiniteOrZero } from '../columns.js';
import type { CbcA, CbcT } from '../model/contract.js';
import { stepCalendar } from '../flex/blocks.js';
import { observableBaseline } from '../flex/rights.js';
import type { MarketPositions } from '../flex/positions.js';
import type { ResolvedContract, ResolvedHub } from '../model/resolved.js';
import { dayAheadPrices } from '../profiles/prices.js';

/** Revenue by product, volumes and penalties of one run (EUR, kWh, h); see settleFlex. */
export interface FlexSettlement {
  readonly cbcTAvailabilityEur: number;
  readonly cbcTActivationEur: number;
  readonly cbcTHours: number;
  readonly cbcTEnergyKwh: number;
  readonly cbcAAvailabilityEur: number;
  readonly cbcAActivationEur: number;
  readonly cbcAHoursCalled: number;
  readonly cbcADaysCalled: number;
  readonly cbcAEnergyKwh: number;
  readonly cbcAMissedHours: number;
  readonly cbcAOvercalledHours: number;
  readonly gopacsRevenueEur: number;
  readonly gopacsHours: number;
  readonly gopacsClearedKwh: number;
  readonly gopacsDeliveredKwh: number;
  readonly gopacsPenaltyEur: number;
  /** Import kept off the grid by GOPACS, sold at the day-ahead reference (EUR). */
  readonly gopacsEnergyEur: number;
  /** The battery energy GOPACS took, bought back at the price of the hours it is charged in (EUR). */
  readonly gopacsRefillCostEur: number;
  readonly arbitrageRevenueEur: number;
  readonly arbitrageEnergyKwh: number;
  readonly contractPenaltyEur: number;
  readonly tbtrDiscountEur: number;
  readonly tdtrDiscountEur: number;
  readonly tdtrHoursRestricted: number;
  readonly tdtrDaysRestricted: number;
  readonly nonFirmDiscountEur: number;
  readonly nonFirmHoursLimited: number;
  /** Every revenue minus every penalty. */
  readonly flexRevenueEur: number;
}

/**
 * Settles a run's contract and market positions against what the physics did. The volumes are
 * disjoint slices of each step's import, so no kWh is paid twice:
 *
 *   CBC activation:  from min(uncontrolled import, firm cap) down to max(import, CBC cap); for an
 *                    export CBC from min(uncontrolled export, firm export cap) down to max(export, CBC cap);
 *                    for CBC-A the top is the observable baseline instead of the uncontrolled flow
 *                    (flex/rights.ts observableBaseline), so its slice may exceed what was kept off
 *   GOPACS delivery: from the import the plan had without the bid down to the import (in feed-in
 *                    congestion: from the export it had down to the export), at most the
 *                    volume cleared; that import is at most the level the battery holds, which is
 *                    at most the cap in force, so it lies below the CBC slice
 *   arbitrage:       only in steps with no CBC block or call and no cleared bid (the planner's rule)
 *
 * GOPACS is paid the spread its orders ask over the day-ahead reference (gopacsRevenueEur, from the
 * grid operator); the energy legs are the import kept off the grid sold at the reference
 * (gopacsEnergyEur) and the battery energy bought back later at the price of its hour
 * (gopacsRefillCostEur), both in the market, not from the grid operator.
 *
 * Availability fees are paid per MW given up (firm cap - CBC cap) per year, pro rata to the hours
 * simulated. The penalty is for not keeping a CBC: energy imported above the CBC cap (up to the firm
 * cap) in its blocks and called hours, and likewise above a TDTR restriction or a non-firm limit,
 * and exported above their export caps (up to the firm export cap). Each transport right earns its
 * tariff discount (docs/contracts.md): the kW it gives up x EUR/kW/year, pro rata to the hours. Import above the firm cap itself is reported (compliance
 * metrics hoursAboveImportCap, energyAboveImportCapKwh) but not priced: when load outgrows a
 * collective cap the hub contracts more capacity, which is a question for the rollout's growth.
 */
export function settleFlex(hub: ResolvedHub, rec: Recorder, positions: MarketPositions | undefined): FlexSettlement {
  const n = hub.axis.steps;
  const dt = hub.axis.stepHours;
  const years = (n * dt) / 8760;
  const contract = hub.contract;
  const firmMax = contract === undefined ? 0 : highestFiniteOrZero(contract.firmImportCapKw);

  const cbcT = contract?.cbcT ?? null;
  const cbcA = contract?.cbcA ?? null;
  const [tSteps, tKw, aSteps, aKw, overKw, aMissed, aOvercalled, tdtrSteps, nonFirmSteps] = contractSums(hub, rec);
  const [gopacsSteps, clearedKw, deliveredKw, gopacsEur, undeliveredKw, arbitrageEur, soldKw, gopacsEnergyEur, refillCostEur] = marketSums(hub, rec, positions);
  const firmExportMax = contract === undefined ? 0 : highestFiniteOrZero(contract.firmExportCapKw);
  const mwGivenUp = (terms: CbcT | CbcA): number => Math.max(0, (terms.direction === 'export' ? firmExportMax : firmMax) - cbcCap(terms)) / 1000;
  const cbcTAvailabilityEur = cbcT === null ? 0 : mwGivenUp(cbcT.terms) * cbcT.terms.availabilityEurPerMwYear * years;
  const cbcAAvailabilityEur = cbcA === null ? 0 : mwGivenUp(cbcA.terms) * cbcA.terms.availabilityEurPerMwYear * years;
  const cbcTActivationEur = cbcT === null ? 0 : ((tKw * dt) / 1000) * cbcT.terms.activationEurPerMwh;
  const cbcAActivationEur = cbcA === null ? 0 : ((aKw * dt) / 1000) * cbcA.terms.activationEurPerMwh;
  const gopacsRevenueEur = gopacsEur * dt;
  const penalty = hub.flexMarket?.gopacs?.nonDeliveryPenaltyEurPerMwh ?? 0;
  const gopacsPenaltyEur = ((undeliveredKw * dt) / 1000) * penalty;
  const arbitrageRevenueEur = arbitrageEur * dt;
  const contractPenaltyEur = contract === undefined ? 0 : overKw * dt * contract.penaltyEurPerKwh;
  const daysCalled = cbcA === null ? 0 : daysWith(cbcA.called, hub.dayIndex);
  const tdtrDaysRestricted = contract?.tdtr == null ? 0 : daysWith(contract.tdtr.restricted, hub.dayIndex);
  const discount = (kw: number, rate: number): number => kw * rate * years;
  const tbtrDiscountEur = contract === undefined ? 0 : discount(contract.givenUpKw.tbtr, contract.tbtrDiscountEurPerKwYear);
  const tdtrDiscountEur = contract?.tdtr == null ? 0 : discount(contract.givenUpKw.tdtr, contract.tdtr.terms.discountEurPerKwYear);
  const nonFirmDiscountEur = contract?.nonFirm == null ? 0 : discount(contract.givenUpKw.nonFirm, contract.nonFirm.terms.discountEurPerKwYear);
  return {
    cbcTAvailabilityEur,
    cbcTActivationEur,
    cbcTHours: tSteps * dt,
    cbcTEnergyKwh: tKw * dt,
    cbcAAvailabilityEur,
    cbcAActivationEur,
    cbcAHoursCalled: aSteps * dt,
    cbcADaysCalled: daysCalled,
    cbcAEnergyKwh: aKw * dt,
    cbcAMissedHours: aMissed * dt,
    cbcAOvercalledHours: aOvercalled * dt,
    gopacsRevenueEur,
    gopacsHours: gopacsSteps * dt,
    gopacsClearedKwh: clearedKw * dt,
    gopacsDeliveredKwh: deliveredKw * dt,
    gopacsPenaltyEur,
    gopacsEnergyEur,
    gopacsRefillCostEur: refillCostEur,
    arbitrageRevenueEur,
    arbitrageEnergyKwh: soldKw * dt,
    contractPenaltyEur,
    tbtrDiscountEur,
    tdtrDiscountEur,
    tdtrHoursRestricted: tdtrSteps * dt,
    tdtrDaysRestricted,
    nonFirmDiscountEur,
    nonFirmHoursLimited: nonFirmSteps * dt,
    flexRevenueEur:
      cbcTAvailabilityEur +
      cbcTActivationEur +
      cbcAAvailabilityEur +
      cbcAActivationEur +
      gopacsRevenueEur +
      gopacsEnergyEur -
      refillCostEur +
      arbitrageRevenueEur +
      tbtrDiscountEur +
      tdtrDiscountEur +
      nonFirmDiscountEur -
      gopacsPenaltyEur -
      contractPenaltyEur,
  };
}

/**
 * The contract's slices summed over the run, step by step (contractSteps, in CONTRACT_SUMS' order):
 * the CBC blocks and calls, the import above the caps in force, the TDTR and non-firm steps; all 0
 * without a contract. The array is shared: read it before the next call.
 */
function contractSums(hub: ResolvedHub, rec: Recorder): Float64Array {
  const n = hub.axis.steps;
  const contract = hub.contract;
  const cbcT = contract?.cbcT ?? null;
  const cbcA = contract?.cbcA ?? null;
  CONTRACT_SUMS.fill(0);
  if (contract !== undefined) {
    const aBaseline = cbcA !== null && cbcA.terms.calls === 'forecast' ? observableBaselineOf(hub, rec, cbcA) : null;
    contractSteps(
      {
        gridKw: rec.gridKw,
        demandKw: hub.demandKw,
        generationKw: hub.generationKw,
        importCapKw: hub.importCapKw,
        exportCapKw: hub.exportCapKw,
        firmKw: contract.firmImportCapKw,
        firmExportKw: contract.firmExportCapKw,
        restricted: contract.tdtr?.restricted ?? null,
        importLimited: contract.nonFirm?.importLimited ?? null,
        exportLimited: contract.nonFirm?.exportLimited ?? null,
        tActiveAt: cbcT?.active ?? null,
        aCalledAt: cbcA?.called ?? null,
        aBaseline,
        aSignal: cbcA === null ? null : ((cbcA.terms.direction === 'import' ? hub.congestionKw : hub.exportCongestionKw) ?? null),
        tCapKw: cbcT === null ? Number.POSITIVE_INFINITY : cbcCap(cbcT.terms),
        aCapKw: cbcA === null ? Number.POSITIVE_INFINITY : cbcCap(cbcA.terms),
        tImportSide: cbcT !== null && cbcT.terms.direction === 'import',
        aImportSide: cbcA !== null && cbcA.terms.direction === 'import',
        sameSide: cbcT !== null && cbcA !== null && cbcT.terms.direction === cbcA.terms.direction,
      },
      n,
      CONTRACT_SUMS,
    );
  }
  return CONTRACT_SUMS;
}

/**
 * The market positions against the run, summed step by step (marketSteps, in MARKET_SUMS' order):
 * GOPACS bids cleared and delivered, and arbitrage; all 0 without positions. The array is shared: read
 * it before the next call.
 */
function marketSums(hub: ResolvedHub, rec: Recorder, positions: MarketPositions | undefined): Float64Array {
  const n = hub.axis.steps;
  MARKET_SUMS.fill(0);
  if (positions !== undefined) {
    const prices = anyCleared(positions, n) || positions.arbitrage.some((r) => r !== 0) ? dayAheadPrices(hub.axis) : null;
    marketSteps(positions, rec.gridKw, rec.batteryKw, prices, hub.axis.stepHours, hub.battery.chargeEfficiency * hub.battery.dischargeEfficiency, n, MARKET_SUMS);
  }
  return MARKET_SUMS;
}

/** The baseline the grid operator observes for CBC-A calls made on its forecast (flex/rights.ts). */
function observableBaselineOf(hub: ResolvedHub, rec: Recorder, cbcA: NonNullable<ResolvedContract['cbcA']>): Float64Array {
  const cal = stepCalendar(hub.axis);
  return observableBaseline(rec.gridKw, cbcA.called, hub.dayStarts, cal.hour, cal.weekend, cbcA.terms.direction);
}

/** What contractSteps reads: the run's grid exchange, the hub's columns and its contract's, once per run. */
interface ContractColumns {
  readonly gridKw: Float64Array;
  readonly demandKw: Float64Array;
  readonly generationKw: Float64Array;
  readonly importCapKw: Float64Array;
  readonly exportCapKw: Float64Array;
  readonly firmKw: Float64Array;
  readonly firmExportKw: Float64Array;
  readonly restricted: Uint8Array | null;
  readonly importLimited: Uint8Array | null;
  readonly exportLimited: Uint8Array | null;
  readonly tActiveAt: Uint8Array | null;
  readonly aCalledAt: Uint8Array | null;
  /** CBC-A's observable baseline (calls: forecast); null: the simulated uncontrolled flow. */
  readonly aBaseline: Float64Array | null;
  /** The congestion signal on CBC-A's side. */
  readonly aSignal: Float64Array | null;
  readonly tCapKw: number;
  readonly aCapKw: number;
  readonly tImportSide: boolean;
  readonly aImportSide: boolean;
  /** Both CBCs on one side. */
  readonly sameSide: boolean;
}

/**
 * contractSteps' sums: [0] CBC-T steps, [1] its slices (kW x steps), [2] CBC-A steps called, [3] its
 * slices, [4] the import and export above the caps in force up to the firm caps in restricted steps
 * (kW x steps), [5] CBC-A's missed and [6] overcalled steps, [7] TDTR-restricted and [8] non-firm-limited steps.
 */
const CONTRACT_SUMS = new Float64Array(9);

/** The contract's slices of each step (settleFlex's header), into `out` (CONTRACT_SUMS' order). */
function contractSteps(c: ContractColumns, n: number, out: Float64Array): void {
  const { gridKw, demandKw, generationKw, importCapKw, exportCapKw, firmKw, firmExportKw, restricted, importLimited, exportLimited, tActiveAt, aCalledAt, aBaseline, aSignal } = c;
  // The caps as doubles of the loop's own (docs/performance.md, "Code shapes").
  const tCapKw = +c.tCapKw;
  const aCapKw = +c.aCapKw;
  const { tImportSide, aImportSide, sameSide } = c;
  let tSteps = 0;
  let tKw = 0;
  let aSteps = 0;
  let aKw = 0;
  let overKw = 0;
  let aMissed = 0;
  let aOvercalled = 0;
  let tdtrSteps = 0;
  let nonFirmSteps = 0;
  for (let t = 0; t < n; t++) {
    const grid = gridKw[t];
    const imp = grid > 0 ? grid : 0;
    const tdtrOn = restricted !== null && restricted[t] === 1;
    if (tdtrOn) tdtrSteps++;
    const nonFirmOn = importLimited !== null && (importLimited[t] === 1 || exportLimited![t] === 1);
    if (nonFirmOn) nonFirmSteps++;
    const tActive = tActiveAt !== null && tActiveAt[t] === 1;
    const aActive = aCalledAt !== null && aCalledAt[t] === 1;
    const exp = grid < 0 ? -grid : 0;
    if (tActive || aActive || tdtrOn || nonFirmOn) {
      const over = Math.min(imp, firmKw[t]) - importCapKw[t];
      if (over > 0) overKw += over;
      const overExport = Math.min(exp, firmExportKw[t]) - exportCapKw[t];
      if (overExport > 0) overKw += overExport;
    }
    // Each CBC slices the flow of its own side: import from min(uncontrolled import, firm cap) down
    // to max(import, CBC cap); export likewise with the uncontrolled export and the firm export cap.
    const net = demandKw[t] - generationKw[t];
    // With both CBCs of one side active the slices stack: the higher cap's slice runs from the top
    // down to it, the lower cap's from there down to its own, so a kWh is paid once.
    const tCap = tActive ? tCapKw : Number.POSITIVE_INFINITY;
    const aCap = aActive ? aCapKw : Number.POSITIVE_INFINITY;
    const same = tActive && aActive && sameSide;
    const tHigher = tCap >= aCap;
    if (tActive) {
      tSteps++;
      const top = tImportSide ? Math.min(net, firmKw[t]) : Math.min(-net, firmExportKw[t]);
      tKw += Math.max(0, (same && !tHigher ? Math.min(top, aCap) : top) - Math.max(tImportSide ? imp : exp, tCap));
    }
    if (aActive) {
      aSteps++;
      // CBC-A activation is measured from the baseline the operator observes, not the simulated counterfactual.
      // (calls: signal, the perfect-foresight bound, keeps the simulated uncontrolled flow).
      const topA = aBaseline === null ? (aImportSide ? Math.min(net, firmKw[t]) : Math.min(-net, firmExportKw[t])) : Math.min(aBaseline[t], aImportSide ? firmKw[t] : firmExportKw[t]);
      aKw += Math.max(0, (same && tHigher ? Math.min(topA, tCap) : topA) - Math.max(aImportSide ? imp : exp, aCap));
    }
    if (aCalledAt !== null) {
      const congested = (aSignal?.[t] ?? 0) > 0;
      if (congested && !aActive) aMissed++;
      if (!congested && aActive) aOvercalled++;
    }
  }
  out[0] = tSteps;
  out[1] = tKw;
  out[2] = aSteps;
  out[3] = aKw;
  out[4] = overKw;
  out[5] = aMissed;
  out[6] = aOvercalled;
  out[7] = tdtrSteps;
  out[8] = nonFirmSteps;
}

/** Whether any step has a GOPACS bid cleared on the import side. */
function anyCleared(positions: MarketPositions, n: number): boolean {
  for (let t = 0; t < n; t++) if (positions.gopacsBatteryKw[t] + positions.gopacsShedKw[t] > 0) return true;
  return false;
}

/**
 * marketSteps' sums: [0] GOPACS steps, [1] cleared and [2] delivered (kW x steps), [3] GOPACS
 * payments (EUR/h x steps), [4] undelivered (kW x steps), [5] arbitrage (EUR/h x steps), [6] sold
 * (kW x steps), [7] the GOPACS energy legs sold and [8] bought back (EUR).
 */
const MARKET_SUMS = new Float64Array(9);

/**
 * The market positions of each step against the run (settleFlex's header), into `out` (MARKET_SUMS'
 * order). GOPACS energy legs (docs/contracts.md, section 6): import kept off the grid is sold at the
 * day-ahead reference; the battery energy it took is bought back when the battery next charges
 * (outside arbitrage purchases), at the price of that hour, with the round-trip losses.
 */
function marketSteps(positions: MarketPositions, gridKw: Float64Array, batteryKw: Float64Array, prices: Float64Array | null, dt: number, roundTrip: number, n: number, out: Float64Array): void {
  let gopacsSteps = 0;
  let clearedKw = 0;
  let deliveredKw = 0;
  let gopacsEur = 0;
  let undeliveredKw = 0;
  let arbitrageEur = 0;
  let soldKw = 0;
  let gopacsEnergyEur = 0;
  let refillCostEur = 0;
  let owedKwh = 0;
  for (let t = 0; t < n; t++) {
    const grid = gridKw[t];
    const clearedKw_t = positions.gopacsBatteryKw[t] + positions.gopacsShedKw[t];
    if (prices !== null && owedKwh > 0 && batteryKw[t] > 0 && positions.arbitrage[t] !== 1) {
      const take = Math.min(owedKwh, batteryKw[t] * dt);
      refillCostEur += (take * prices[t]) / 1000;
      owedKwh -= take;
    }
    if (clearedKw_t > 0) {
      gopacsSteps++;
      clearedKw += clearedKw_t;
      const delivered = Math.min(clearedKw_t, Math.max(0, positions.gopacsBaselineKw[t] - grid));
      deliveredKw += delivered;
      undeliveredKw += clearedKw_t - delivered;
      gopacsEur += (positions.gopacsEurPerHour[t] * delivered) / clearedKw_t;
      if (prices !== null) {
        gopacsEnergyEur += (delivered * dt * prices[t]) / 1000;
        if (roundTrip > 0) owedKwh += (delivered * (positions.gopacsBatteryKw[t] / clearedKw_t) * dt) / roundTrip;
      }
    }
    const clearedExport = positions.gopacsExportBatteryKw[t] + positions.gopacsCurtailKw[t];
    if (clearedExport > 0) {
      // Feed-in congestion: delivery is the export kept below what the plan had without the bids.
      gopacsSteps++;
      clearedKw += clearedExport;
      const exported = grid < 0 ? -grid : 0;
      const delivered = Math.min(clearedExport, Math.max(0, positions.gopacsExportBaselineKw[t] - exported));
      deliveredKw += delivered;
      undeliveredKw += clearedExport - delivered;
      gopacsEur += (positions.gopacsExportEurPerHour[t] * delivered) / clearedExport;
    }
    if (prices !== null && positions.arbitrage[t] !== 0) {
      const p = batteryKw[t];
      // A purchase pays for what was charged; a sale earns what was discharged.
      if (positions.arbitrage[t] === 1 && p > 0) arbitrageEur -= (prices[t] * p) / 1000;
      if (positions.arbitrage[t] === -1 && p < 0) {
        arbitrageEur += (prices[t] * -p) / 1000;
        soldKw += -p;
      }
    }
  }
  out[0] = gopacsSteps;
  out[1] = clearedKw;
  out[2] = deliveredKw;
  out[3] = gopacsEur;
  out[4] = undeliveredKw;
  out[5] = arbitrageEur;
  out[6] = soldKw;
  out[7] = gopacsEnergyEur;
  out[8] = refillCostEur;
}

/** The lower cap a CBC keeps to, on its side (the checks make sure it is given). */
function cbcCap(terms: CbcT | CbcA): number {
  return (terms.direction === 'export' ? terms.exportCapKw : terms.importCapKw) ?? Number.POSITIVE_INFINITY;
}

/** How many local days have a step marked 1. */
function daysWith(mask: Uint8Array, dayIndex: Int32Array): number {
  let days = 0;
  let lastDay = -1;
  for (let t = 0; t < mask.length; t++) {
    if (mask[t] === 1 && dayIndex[t] !== lastDay) {
      days++;
      lastDay = dayIndex[t];
    }
  }
  return days;
}
