import type { Contract } from '../model/contract.js';
import { hubOf, lowestKw, type ResolvedContract, type ResolvedHub } from '../model/resolved.js';
import { blockMask, inBlock, stepCalendar, type StepCalendar } from './blocks.js';
import { dayBeforeFirstDay, forecastCalls, lastWeekSignal, nonFirmLimits, tdtrRestrictions, type SignalBefore } from './rights.js';

/**
 * The firm caps with the contract's time-block rights (TBTR): in a block's steps the lower of the
 * block's cap and the firm cap applies (a right that is not firm in the evening peak is a firm cap
 * with a lower block cap in those hours).
 */
export function firmCaps(contract: Contract, cal: StepCalendar, importCapKw: Float64Array, exportCapKw: Float64Array): void {
  const n = importCapKw.length;
  for (const right of contract.tbtr) {
    for (let t = 0; t < n; t++) {
      if (!inBlock(cal, t, right)) continue;
      if (right.importCapKw !== undefined && right.importCapKw < importCapKw[t]) importCapKw[t] = right.importCapKw;
      if (right.exportCapKw !== undefined && right.exportCapKw < exportCapKw[t]) exportCapKw[t] = right.exportCapKw;
    }
  }
}

/**
 * kW a right takes off the firm caps, import plus export: the highest finite firm cap minus the
 * right's cap, for each side the right limits (docs/contracts.md: the base of its tariff discount).
 */
function givenUpKw(importCapKw: number | undefined, exportCapKw: number | undefined, firmImportKw: number, firmExportKw: number): number {
  const side = (cap: number | undefined, firm: number): number => (cap === undefined ? 0 : Math.max(0, firm - cap));
  return side(importCapKw, firmImportKw) + side(exportCapKw, firmExportKw);
}

/** The highest finite value of a cap column (kW; 0 when no step has a cap). */
export function highestFinite(column: Float64Array): number {
  let m = 0;
  for (let t = 0; t < column.length; t++) if (column[t] > m && Number.isFinite(column[t])) m = column[t];
  return m;
}

function lowestCap(caps: readonly (number | undefined)[]): number | undefined {
  const given = caps.filter((c): c is number => c !== undefined);
  return given.length === 0 ? undefined : Math.min(...given);
}

/**
 * The contract with its TBTR and CBC-T blocks; CBC-A, TDTR and non-firm are not called until a
 * congestion signal arrives. firmImportMaxKw / firmExportMaxKw: the highest finite connection caps
 * before the TBTR blocks (0 without a cap).
 */
export function resolveContract(
  contract: Contract,
  cal: StepCalendar,
  firmImportCapKw: Float64Array,
  firmExportCapKw: Float64Array = new Float64Array(firmImportCapKw.length).fill(Number.POSITIVE_INFINITY),
  firmImportMaxKw = highestFinite(firmImportCapKw),
  firmExportMaxKw = highestFinite(firmExportCapKw),
): ResolvedContract {
  const n = firmImportCapKw.length;
  const tbtrImport = lowestCap(contract.tbtr.map((b) => b.importCapKw));
  const tbtrExport = lowestCap(contract.tbtr.map((b) => b.exportCapKw));
  const { tdtr, nonFirm } = contract;
  return {
    firmImportCapKw,
    firmExportCapKw,
    tdtr: tdtr ? { terms: tdtr, restricted: new Uint8Array(n), announcedAtStep: new Int32Array(n).fill(-1) } : null,
    nonFirm: nonFirm ? { terms: nonFirm, importLimited: new Uint8Array(n), exportLimited: new Uint8Array(n) } : null,
    givenUpKw: {
      tbtr: givenUpKw(tbtrImport, tbtrExport, firmImportMaxKw, firmExportMaxKw),
      tdtr: tdtr ? givenUpKw(tdtr.importCapKw, tdtr.exportCapKw, firmImportMaxKw, firmExportMaxKw) : 0,
      nonFirm: nonFirm ? givenUpKw(nonFirm.importCapKw, nonFirm.exportCapKw, firmImportMaxKw, firmExportMaxKw) : 0,
    },
    tbtrDiscountEurPerKwYear: contract.tbtrDiscountEurPerKwYear,
    cbcT: contract.cbcT ? { terms: contract.cbcT, active: blockMask(cal, contract.cbcT.blocks) } : null,
    cbcA: contract.cbcA ? { terms: contract.cbcA, called: new Uint8Array(n) } : null,
    penaltyEurPerKwh: contract.penaltyEurPerKwh,
  };
}

/**
 * The import cap in force: the firm cap (with TBTR), lowered by a TDTR restriction, a non-firm
 * limit, CBC-T in its blocks and CBC-A when called.
 */
export function capInForce(contract: ResolvedContract): Float64Array {
  const out = Float64Array.from(contract.firmImportCapKw);
  const { cbcT, cbcA, tdtr, nonFirm } = contract;
  const lower = (t: number, cap: number | undefined): void => {
    if (cap !== undefined && cap < out[t]) out[t] = cap;
  };
  for (let t = 0; t < out.length; t++) {
    if (tdtr !== null && tdtr.restricted[t] === 1) lower(t, tdtr.terms.importCapKw);
    if (nonFirm !== null && nonFirm.importLimited[t] === 1) lower(t, nonFirm.terms.importCapKw);
    if (cbcT !== null && cbcT.active[t] === 1 && cbcT.terms.direction === 'import') lower(t, cbcT.terms.importCapKw);
    if (cbcA !== null && cbcA.called[t] === 1 && cbcA.terms.direction === 'import') lower(t, cbcA.terms.importCapKw);
  }
  return out;
}

/**
 * A hub's import or export cap of each step as known the day before (kW): the cap in force without a
 * non-firm limit, which the grid operator sets in the step itself (TBTR, TDTR restrictions and CBC
 * calls are decided by then); made once per hub and side.
 */
export function capsKnownDayAhead(hub: ResolvedHub, side: 'import' | 'export'): Float64Array {
  const memo = side === 'import' ? dayAheadImportCaps : dayAheadExportCaps;
  let caps = memo.get(hub);
  if (caps === undefined) {
    const inForce = side === 'import' ? hub.importCapKw : hub.exportCapKw;
    const nonFirm = hub.contract?.nonFirm ?? null;
    if (hub.contract === undefined || nonFirm === null) caps = inForce;
    else {
      const limited = side === 'import' ? nonFirm.importLimited : nonFirm.exportLimited;
      const firmer = { ...hub.contract, nonFirm: null };
      const without = side === 'import' ? capInForce(firmer) : exportCapInForce(firmer);
      caps = inForce.map((cap, t) => (limited[t] === 1 && without[t] > cap ? without[t] : cap));
    }
    memo.set(hub, caps);
  }
  return caps;
}

const dayAheadImportCaps = new WeakMap<ResolvedHub, Float64Array>();
const dayAheadExportCaps = new WeakMap<ResolvedHub, Float64Array>();

/**
 * The export cap in force: the firm export cap (with TBTR), lowered by a TDTR restriction, a non-firm
 * limit, and an export CBC-T in its blocks or export CBC-A when called.
 */
export function exportCapInForce(contract: ResolvedContract): Float64Array {
  const out = Float64Array.from(contract.firmExportCapKw);
  const { tdtr, nonFirm, cbcT, cbcA } = contract;
  const lower = (t: number, cap: number | undefined): void => {
    if (cap !== undefined && cap < out[t]) out[t] = cap;
  };
  for (let t = 0; t < out.length; t++) {
    if (tdtr !== null && tdtr.restricted[t] === 1) lower(t, tdtr.terms.exportCapKw);
    if (nonFirm !== null && nonFirm.exportLimited[t] === 1) lower(t, nonFirm.terms.exportCapKw);
    if (cbcT !== null && cbcT.active[t] === 1 && cbcT.terms.direction === 'export') lower(t, cbcT.terms.exportCapKw);
    if (cbcA !== null && cbcA.called[t] === 1 && cbcA.terms.direction === 'export') lower(t, cbcA.terms.exportCapKw);
  }
  return out;
}

/**
 * CBC-A calls from a congestion signal known in advance (calls: signal, a perfect-foresight bound):
 * the grid operator calls, the day before, the congested steps of each local day with congestion, up
 * to maxCallDaysPerYear days (in time order; later days are not called and stay with the firm cap).
 * The causal rule is forecastCalls (rights.ts).
 */
export function cbcCalls(signalKw: Float64Array, dayIndex: Int32Array, maxCallDays: number): Uint8Array {
  const n = signalKw.length;
  const called = new Uint8Array(n);
  let days = 0;
  let start = 0;
  while (start < n) {
    let end = start;
    let congested = false;
    for (; end < n && dayIndex[end] === dayIndex[start]; end++) if (signalKw[end] > 0) congested = true;
    if (congested && days < maxCallDays) {
      days++;
      for (let t = start; t < end; t++) called[t] = signalKw[t] > 0 ? 1 : 0;
    }
    start = end;
  }
  return called;
}

/**
 * What the grid operator measured of the congestion signals before the hub's axis (a rollout's year
 * before): the requests of import and export reduction (kW per step) of its last local days, their
 * starts (the last entry their end) and each step's local hour (rights.ts, SignalBefore).
 */
export interface CongestionBefore {
  readonly congestionKw: Float64Array;
  readonly exportCongestionKw: Float64Array;
  readonly dayStarts: Int32Array;
  readonly hour: Uint8Array;
}

/**
 * The hub answering a congestion signal (kW of import reduction requested per step, and optionally
 * of export reduction in feed-in congestion): GOPACS sees the requests, CBC-A is called in the
 * import-congested steps, the grid operator announces TDTR restrictions from its forecast of the
 * signal and limits a non-firm right in real time, and the caps in force follow. Used by hubsim run
 * with a user signal and by the rollout's second pass with the substation's overload. The operator's
 * forecast of the first week reads `before` (what it measured in the year before); without it there
 * is no forecast, so no call and no restriction, in the first seven local days.
 */
export function withCongestion(hub: ResolvedHub, signalKw: Float64Array, exportSignalKw?: Float64Array, cal?: StepCalendar, before?: CongestionBefore): ResolvedHub {
  const contract = hub.contract;
  const signals = exportSignalKw === undefined ? { congestionKw: signalKw } : { congestionKw: signalKw, exportCongestionKw: exportSignalKw };
  if (contract === undefined) return hubOf({ ...hub, ...signals });
  let hourOf: Uint8Array | undefined;
  const hours = (): Uint8Array => (hourOf ??= (cal ?? stepCalendar(hub.axis)).hour);
  // The operator's forecast of one signal from the week before, the year before's last days included.
  const measuredBefore = (signal: (b: CongestionBefore) => Float64Array): SignalBefore | undefined =>
    before === undefined ? undefined : { signalKw: signal(before), dayStarts: before.dayStarts, hour: before.hour };
  const forecast = (signal: Float64Array, measured: SignalBefore | undefined): Float64Array => lastWeekSignal(signal, hub.dayStarts, hours(), measured);
  let cbcA: ResolvedContract['cbcA'] = null;
  if (contract.cbcA !== null) {
    const terms = contract.cbcA.terms;
    // An export CBC-A is called in the steps of feed-in congestion, an import one in consumption congestion.
    const exporting = terms.direction === 'export';
    const cbcASignal = exporting ? (exportSignalKw ?? new Float64Array(signalKw.length)) : signalKw;
    const called =
      terms.calls === 'signal'
        ? cbcCalls(cbcASignal, hub.dayIndex, terms.maxCallDaysPerYear)
        : forecastCalls(forecast(cbcASignal, measuredBefore((b) => (exporting ? b.exportCongestionKw : b.congestionKw))), hub.dayStarts, hours(), terms.callBlockHours, terms.maxCallDaysPerYear);
    cbcA = { terms, called };
  }
  let tdtr = contract.tdtr;
  if (tdtr !== null) {
    // The operator restricts on the signal of each side the right limits, forecast from last week.
    const terms = tdtr.terms;
    const sides = (importKw: Float64Array, exportKw: Float64Array | undefined): Float64Array => {
      const side = new Float64Array(importKw.length);
      for (let t = 0; t < side.length; t++) side[t] = (terms.importCapKw !== undefined ? importKw[t] : 0) + (terms.exportCapKw !== undefined && exportKw !== undefined ? exportKw[t] : 0);
      return side;
    };
    const measured = measuredBefore((b) => sides(b.congestionKw, b.exportCongestionKw));
    const announced = signalKw.length === 0 ? -1 : dayBeforeFirstDay(measured, hours()[0]);
    tdtr = { terms, ...tdtrRestrictions(terms, forecast(sides(signalKw, exportSignalKw), measured), hub.dayStarts, hours(), announced) };
  }
  const nonFirm = contract.nonFirm === null ? null : { terms: contract.nonFirm.terms, ...nonFirmLimits(contract.nonFirm.terms, signalKw, exportSignalKw) };
  const next: ResolvedContract = { ...contract, cbcA, tdtr, nonFirm };
  const importCapKw = capInForce(next);
  return hubOf({ ...hub, contract: next, ...signals, importCapKw, importCapLowestKw: lowestKw(importCapKw), exportCapKw: exportCapInForce(next) });
}

/**
 * The hub with more transport capacity granted: every finite firm import cap raised by `deltaKw` (the
 * granted cap minus the contracted cap; CBC caps stay as contracted), and the cap in force with it.
 * A rollout grants capacity to a hub whose grown load needs more (docs/economics.md section 4), and
 * the same grant to the same terrain year after year: a cap column raised by the same amount is made
 * once (cap columns are never written after they are made).
 */
export function withImportCapRaised(hub: ResolvedHub, deltaKw: number): ResolvedHub {
  if (deltaKw === 0) return hub;
  const contract = hub.contract;
  if (contract === undefined) {
    // Adding one number to every value keeps their order after rounding, so the lowest raised cap is
    // the lowest cap raised (+Infinity stays +Infinity).
    return hubOf({ ...hub, importCapKw: raisedCap(hub.importCapKw, deltaKw), importCapLowestKw: hub.importCapLowestKw + deltaKw });
  }
  const next: ResolvedContract = { ...contract, firmImportCapKw: raisedCap(contract.firmImportCapKw, deltaKw) };
  const importCapKw = capInForce(next);
  return hubOf({ ...hub, contract: next, importCapKw, importCapLowestKw: lowestKw(importCapKw) });
}

/** Raised cap columns by the column they raise and the amount. */
const raised = new WeakMap<Float64Array, Map<number, Float64Array>>();

/** Every finite value of `caps` + deltaKw, made once per column and amount. */
function raisedCap(caps: Float64Array, deltaKw: number): Float64Array {
  let byDelta = raised.get(caps);
  if (byDelta === undefined) raised.set(caps, (byDelta = new Map()));
  let out = byDelta.get(deltaKw);
  if (out === undefined) byDelta.set(deltaKw, (out = raisedBy(caps, deltaKw)));
  return out;
}

/** Each finite cap raised by deltaKw (kW); no cap stays no cap. */
function raisedBy(caps: Float64Array, deltaKw: number): Float64Array {
  const out = new Float64Array(caps.length);
  for (let t = 0; t < caps.length; t++) out[t] = caps[t] + (caps[t] < Number.POSITIVE_INFINITY ? deltaKw : 0);
  return out;
}
