// The grid operator's requests to a rollout's flex hubs (src/rollout/flex-requests.ts): the first
// pass's overload split by each hub's share, and the last days of a year that the next year's
// first-week forecast reads, split by the next year's shares. The expected values are the formulas of
// the module's header worked out here step by step, not taken from a run.
import { describe, expect, it } from 'vitest';
import { stepCalendar } from '../src/flex/blocks.js';
import { FORECAST_LAG_DAYS } from '../src/flex/rights.js';
import type { BatteryParams, ResolvedHub } from '../src/model/resolved.js';
import { flexRequests } from '../src/rollout/flex-requests.js';
import { testHub } from './support/build-hub.js';
import { rng } from './support/random.js';

const STEPS = 8760;
const START = Date.UTC(2023, 0, 1);

function battery(powerKw: number): BatteryParams {
  return { socMinKwh: 0, socMaxKwh: 4 * powerKw, capacityKwh: 4 * powerKw, socInitialKwh: 0, chargeKw: powerKw, dischargeKw: powerKw, chargeEfficiency: 1, dischargeEfficiency: 1, selfDischargePerHour: 0 };
}

/**
 * Three hubs on the 2023 axis: a CBC-A contract and a 600 kW battery, a TDTR import right and a
 * 200 kW battery, and one with neither (no request). Import shares: 600 / 800 and 200 / 800.
 */
function hubs(): ResolvedHub[] {
  const demand = new Float64Array(STEPS).fill(500);
  return [
    testHub({ startMs: START, members: [{ id: 'a', demand }], importCapKw: 1000, contract: { cbcA: { importCapKw: 700 } }, battery: battery(600) }),
    testHub({ startMs: START, members: [{ id: 'b', demand }], importCapKw: 1000, contract: { tdtr: { importCapKw: 800 } }, battery: battery(200) }),
    testHub({ startMs: START, members: [{ id: 'c', demand }], importCapKw: 1000, battery: battery(300) }),
  ];
}

describe('the flex requests of a rollout year', () => {
  it('split the overload above the safe capacity by discharge power, and keep the last days of the year for the next', () => {
    const draw = rng(2714);
    const hs = hubs();
    const safeKw = 5000;
    const load = Float64Array.from({ length: STEPS }, () => 4000 + 2000 * draw());
    const { requests, last } = flexRequests(load, safeKw, hs, [true, true, true], null);
    expect(requests[2]).toBeNull();
    for (const [k, share] of [
      [0, 600],
      [1, 200],
    ] as const) {
      const r = requests[k]!;
      expect(r.before).toBeUndefined();
      for (let t = 0; t < STEPS; t++) expect(r.importKw[t]).toBe(load[t] > safeKw ? ((load[t] - safeKw) * share) / 800 : 0);
      expect(r.exportKw.every((x) => x === 0)).toBe(true);
    }
    // The last days: 25..31 December local and 1 January 2024 00:00 local (the axis's last step):
    // from 25 December 00:00 local = 2023-12-24T23:00Z, 7 x 24 + 1 = 169 steps.
    const from = (Date.UTC(2023, 11, 24, 23) - START) / 3_600_000;
    expect(last.importKw.length).toBe(STEPS - from);
    expect(last.importKw.length).toBe(FORECAST_LAG_DAYS * 24 + 1);
    expect(Array.from(last.dayStarts)).toEqual([0, 24, 48, 72, 96, 120, 144, 168, 169]);
    expect(last.hour).toEqual(stepCalendar(hs[0].axis).hour.slice(from));
    for (let t = 0; t < last.importKw.length; t++) expect(last.importKw[t]).toBe(Math.max(0, load[from + t] - safeKw));
  });

  it('split the year before\'s last days by this year\'s shares: a hub that starts this year is told last week\'s overload too', () => {
    const draw = rng(2715);
    const hs = hubs();
    const safeKw = 5000;
    const previous = flexRequests(Float64Array.from({ length: STEPS }, () => 4000 + 2000 * draw()), safeKw, hs, [true, false, false], null);
    // Last year only hub 0 was active (all of the overload was its); this year both are.
    const { requests } = flexRequests(new Float64Array(STEPS).fill(4000), safeKw, hs, [true, true, false], previous.last);
    for (const [k, share] of [
      [0, 600],
      [1, 200],
    ] as const) {
      const before = requests[k]!.before!;
      expect(before.dayStarts).toBe(previous.last.dayStarts);
      expect(before.hour).toBe(previous.last.hour);
      for (let t = 0; t < before.congestionKw.length; t++) expect(before.congestionKw[t]).toBe(previous.last.importKw[t] > 0 ? (previous.last.importKw[t] * share) / 800 : 0);
      // No overload this year: no requests.
      expect(requests[k]!.importKw.every((x) => x === 0)).toBe(true);
    }
    expect(previous.last.importKw.some((x) => x > 0)).toBe(true);
  });
});
