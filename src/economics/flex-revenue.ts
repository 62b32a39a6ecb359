import type { Recorder } from '../engine/recorder.js';
import type { CbcA, CbcT } from '../model/contract.js';
import { stepCalendar } from '../flex/blocks.js';
import { observableBaseline } from '../flex/rights.js';
import type { MarketPositions } from '../flex/positions.js';
import type { ResolvedHub } from '../model/resolved.js';
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
  const firm = contract?.firmImportCapKw;
  let firmMax = 0;
  if (firm !== undefined) for (let t = 0; t < n; t++) if (firm[t] > firmMax && Number.isFinite(firm[t])) firmMax = firm[t];

  const cbcT = contract?.cbcT ?? null;
  const cbcA = contract?.cbcA ?? null;
  let tSteps = 0;
  let tKw = 0;
  let aSteps = 0;
  let aKw = 0;
  let overKw = 0;
  let aMissed = 0;
  let aOvercalled = 0;
  let aBaseline: Float64Array | null = null;
  if (cbcA !== null && cbcA.terms.calls === 'forecast') {
    const cal = stepCalendar(hub.axis);
    aBaseline = observableBaseline(rec.gridKw, cbcA.called, hub.dayStarts, cal.hour, cal.weekend, cbcA.terms.direction);
  }
  let tdtrSteps = 0;
  let nonFirmSteps = 0;
  let gopacsSteps = 0;
  let clearedKw = 0;
  let deliveredKw = 0;
  let gopacsEur = 0;
  let undeliveredKw = 0;
  let arbitrageEur = 0;
  let soldKw = 0;
  const cleared = (t: number): number => (positions === undefined ? 0 : positions.gopacsBatteryKw[t] + positions.gopacsShedKw[t]);
  let anyCleared = false;
  if (positions !== undefined) for (let t = 0; t < n && !anyCleared; t++) if (cleared(t) > 0) anyCleared = true;
  const prices = positions !== undefined && (anyCleared || positions.arbitrage.some((r) => r !== 0)) ? dayAheadPrices(hub.axis) : null;
  // GOPACS energy legs (docs/contracts.md, section 6): import kept off the grid is sold at the
  // day-ahead reference; the battery energy it took is bought back when the battery next charges
  // (outside arbitrage purchases), at the price of that hour, with the round-trip losses.
  let gopacsEnergyEur = 0;
  let refillCostEur = 0;
  let owedKwh = 0;
  const roundTrip = hub.battery.chargeEfficiency * hub.battery.dischargeEfficiency;
  // The columns the steps read, looked up once.
  const gridKw = rec.gridKw;
  const { demandKw, generationKw, importCapKw, exportCapKw } = hub;
  const firmExport = contract?.firmExportCapKw;
  const restricted = contract?.tdtr?.restricted ?? null;
  const importLimited = contract?.nonFirm?.importLimited ?? null;
  const exportLimited = contract?.nonFirm?.exportLimited ?? null;
  const tActiveAt = cbcT?.active ?? null;
  const aCalledAt = cbcA?.called ?? null;
  const tCapKw = cbcT === null ? Number.POSITIVE_INFINITY : cbcCap(cbcT.terms);
  const aCapKw = cbcA === null ? Number.POSITIVE_INFINITY : cbcCap(cbcA.terms);
  const sameSide = cbcT !== null && cbcA !== null && cbcT.terms.direction === cbcA.terms.direction;
  const aSignal = cbcA === null ? undefined : cbcA.terms.direction === 'import' ? hub.congestionKw : hub.exportCongestionKw;
  for (let t = 0; t < n; t++) {
    const grid = gridKw[t];
    const imp = grid > 0 ? grid : 0;
    if (contract !== undefined) {
      const tdtrOn = restricted !== null && restricted[t] === 1;
      if (tdtrOn) tdtrSteps++;
      const nonFirmOn = importLimited !== null && (importLimited[t] === 1 || exportLimited![t] === 1);
      if (nonFirmOn) nonFirmSteps++;
      const tActive = tActiveAt !== null && tActiveAt[t] === 1;
      const aActive = aCalledAt !== null && aCalledAt[t] === 1;
      const exp = grid < 0 ? -grid : 0;
      if (tActive || aActive || tdtrOn || nonFirmOn) {
        const over = Math.min(imp, firm![t]) - importCapKw[t];
        if (over > 0) overKw += over;
        const overExport = Math.min(exp, firmExport![t]) - exportCapKw[t];
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
        const importSide = cbcT!.terms.direction === 'import';
        const top = importSide ? Math.min(net, firm![t]) : Math.min(-net, firmExport![t]);
        tKw += Math.max(0, (same && !tHigher ? Math.min(top, aCap) : top) - Math.max(importSide ? imp : exp, tCap));
      }
      if (aActive) {
        aSteps++;
        const importSide = cbcA!.terms.direction === 'import';
        // CBC-A activation is measured from the baseline the operator observes, not the simulated counterfactual.
        // (calls: signal, the perfect-foresight bound, keeps the simulated uncontrolled flow).
        const topA = aBaseline === null ? (importSide ? Math.min(net, firm![t]) : Math.min(-net, firmExport![t])) : Math.min(aBaseline[t], importSide ? firm![t] : firmExport![t]);
        aKw += Math.max(0, (same && tHigher ? Math.min(topA, tCap) : topA) - Math.max(importSide ? imp : exp, aCap));
      }
      if (cbcA !== null) {
        const congested = (aSignal?.[t] ?? 0) > 0;
        if (congested && !aActive) aMissed++;
        if (!congested && aActive) aOvercalled++;
      }
    }
    if (positions === undefined) continue;
    const clearedKw_t = cleared(t);
    if (prices !== null && owedKwh > 0 && rec.batteryKw[t] > 0 && positions.arbitrage[t] !== 1) {
      const take = Math.min(owedKwh, rec.batteryKw[t] * dt);
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
      const p = rec.batteryKw[t];
      // A purchase pays for what was charged; a sale earns what was discharged.
      if (positions.arbitrage[t] === 1 && p > 0) arbitrageEur -= (prices[t] * p) / 1000;
      if (positions.arbitrage[t] === -1 && p < 0) {
        arbitrageEur += (prices[t] * -p) / 1000;
        soldKw += -p;
      }
    }
  }
  let firmExportMax = 0;
  if (contract !== undefined) for (let t = 0; t < n; t++) if (contract.firmExportCapKw[t] > firmExportMax && Number.isFinite(contract.firmExportCapKw[t])) firmExportMax = contract.firmExportCapKw[t];
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
