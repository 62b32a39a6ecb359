import type { Contract } from '../model/contract.js';
import { hubOf, lowestKw, type ResolvedContract, type ResolvedHub } from '../model/resolved.js';
import { blockMask, inBlock, type StepCalendar } from './blocks.js';

/**
 * The firm caps with the contract's time-block rights: in a block's steps the lower of the block's
 * cap and the firm cap applies (a right that is non-firm in the evening peak is a firm cap with a
 * lower block cap in those hours).
 */
export function firmCaps(contract: Contract, cal: StepCalendar, importCapKw: Float64Array, exportCapKw: Float64Array): void {
  const n = importCapKw.length;
  for (const right of contract.timeBlocks) {
    for (let t = 0; t < n; t++) {
      if (!inBlock(cal, t, right)) continue;
      if (right.importCapKw !== undefined && right.importCapKw < importCapKw[t]) importCapKw[t] = right.importCapKw;
      if (right.exportCapKw !== undefined && right.exportCapKw < exportCapKw[t]) exportCapKw[t] = right.exportCapKw;
    }
  }
}

/** The contract with its CBC-T blocks; CBC-A is not called until a congestion signal arrives. */
export function resolveContract(contract: Contract, cal: StepCalendar, firmImportCapKw: Float64Array): ResolvedContract {
  const n = firmImportCapKw.length;
  return {
    firmImportCapKw,
    cbcT: contract.cbcT ? { terms: contract.cbcT, active: blockMask(cal, contract.cbcT.blocks) } : null,
    cbcA: contract.cbcA ? { terms: contract.cbcA, called: new Uint8Array(n) } : null,
    penaltyEurPerKwh: contract.penaltyEurPerKwh,
  };
}

/** The import cap in force: the firm cap, lowered by CBC-T in its blocks and CBC-A when called. */
export function capInForce(contract: ResolvedContract): Float64Array {
  const out = Float64Array.from(contract.firmImportCapKw);
  const { cbcT, cbcA } = contract;
  for (let t = 0; t < out.length; t++) {
    if (cbcT !== null && cbcT.active[t] === 1 && cbcT.terms.importCapKw < out[t]) out[t] = cbcT.terms.importCapKw;
    if (cbcA !== null && cbcA.called[t] === 1 && cbcA.terms.importCapKw < out[t]) out[t] = cbcA.terms.importCapKw;
  }
  return out;
}

/**
 * CBC-A calls from a congestion signal: the grid operator calls, the day before, the congested steps
 * of each local day with congestion, up to maxCallDaysPerYear days (in time order; later days are
 * not called and stay with the firm cap).
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
 * The hub answering a congestion signal (kW of import reduction requested per step, and optionally
 * of export reduction in feed-in congestion): GOPACS sees the requests, CBC-A is called in the
 * import-congested steps, and the cap in force follows. Used by hubsim run
 * with a user signal and by the rollout's second pass with the substation's overload.
 */
export function withCongestion(hub: ResolvedHub, signalKw: Float64Array, exportSignalKw?: Float64Array): ResolvedHub {
  const contract = hub.contract;
  const signals = exportSignalKw === undefined ? { congestionKw: signalKw } : { congestionKw: signalKw, exportCongestionKw: exportSignalKw };
  if (contract === undefined) return hubOf({ ...hub, ...signals });
  const cbcA = contract.cbcA === null ? null : { terms: contract.cbcA.terms, called: cbcCalls(signalKw, hub.dayIndex, contract.cbcA.terms.maxCallDaysPerYear) };
  const next: ResolvedContract = { ...contract, cbcA };
  const importCapKw = capInForce(next);
  return hubOf({ ...hub, contract: next, ...signals, importCapKw, importCapLowestKw: lowestKw(importCapKw) });
}

/**
 * The hub with more transport capacity granted: every finite firm import cap raised by `deltaKw` (the
 * granted cap minus the contracted cap; CBC caps stay as contracted), and the cap in force with it.
 * A rollout grants capacity to a hub whose grown load needs more (docs/economics.md section 4).
 */
export function withImportCapRaised(hub: ResolvedHub, deltaKw: number): ResolvedHub {
  if (deltaKw === 0) return hub;
  const raise = (caps: Float64Array): Float64Array => {
    const out = new Float64Array(caps.length);
    for (let t = 0; t < caps.length; t++) out[t] = caps[t] + (caps[t] < Number.POSITIVE_INFINITY ? deltaKw : 0);
    return out;
  };
  const contract = hub.contract;
  if (contract === undefined) {
    const importCapKw = raise(hub.importCapKw);
    return hubOf({ ...hub, importCapKw, importCapLowestKw: lowestKw(importCapKw) });
  }
  const next: ResolvedContract = { ...contract, firmImportCapKw: raise(contract.firmImportCapKw) };
  const importCapKw = capInForce(next);
  return hubOf({ ...hub, contract: next, importCapKw, importCapLowestKw: lowestKw(importCapKw) });
}
