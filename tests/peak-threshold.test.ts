import { describe, expect, it } from 'vitest';
import { autoThreshold, peakShavingThreshold } from '../src/strategies/registry.js';
import { randomHub } from './support/random-hub.js';

/**
 * The default peak-shaving threshold is defined as the lowest T with, on every local day,
 * sum(max(0, net - T)) dt <= (socMax - socMin) eta_d, and T >= max(net) - dischargeKw. The code
 * computes it by water-filling; here it is found independently by bisection on that definition.
 */
function byDefinition(net: Float64Array, dayIndex: Int32Array, usableKwh: number, dischargeKw: number, dt: number): number {
  let maxNet = 0;
  for (const x of net) maxNet = Math.max(maxNet, x);
  const fits = (T: number): boolean => {
    const perDay = new Map<number, number>();
    for (let t = 0; t < net.length; t++) perDay.set(dayIndex[t], (perDay.get(dayIndex[t]) ?? 0) + Math.max(0, net[t] - T) * dt);
    return [...perDay.values()].every((e) => e <= usableKwh + 1e-9) && maxNet - T <= dischargeKw + 1e-9;
  };
  let lo = 0;
  let hi = maxNet;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

describe('default peak-shaving threshold', () => {
  it('equals the definition (by bisection) on 200 random hubs', () => {
    let checked = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const hub = randomHub(seed);
      const b = hub.battery;
      if (b.capacityKwh === 0) continue;
      const net = new Float64Array(hub.axis.steps);
      for (let t = 0; t < net.length; t++) net[t] = hub.demandKw[t] - hub.generationKw[t];
      const usable = (b.socMaxKwh - b.socMinKwh) * b.dischargeEfficiency;
      const expected = byDefinition(net, hub.dayIndex, usable, b.dischargeKw, hub.axis.stepHours);
      const got = autoThreshold(hub.demandKw, hub.generationKw, hub.dayStarts, b, hub.axis.stepHours);
      expect(Math.abs(got - expected), `seed ${seed}: ${got} vs ${expected}`).toBeLessThanOrEqual(1e-6 * Math.max(1, expected));
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('is lowered to the import cap where the hub has one, and thresholdKw wins over both', () => {
    const hub = randomHub(7);
    const auto = peakShavingThreshold({ kind: 'peak-shaving', guard: false }, hub);
    for (let t = 0; t < hub.axis.steps; t++) expect(auto[t]).toBeLessThanOrEqual(hub.importCapKw[t]);
    const fixed = peakShavingThreshold({ kind: 'peak-shaving', guard: false, thresholdKw: 123 }, hub);
    expect(new Set(fixed)).toEqual(new Set([123]));
  });
});
