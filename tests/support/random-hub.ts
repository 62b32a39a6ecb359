import type { FlexibleLoad } from '../../src/model/flexible.js';
import { NO_BATTERY, type BatteryParams, type ResolvedHub } from '../../src/model/resolved.js';
import { StrategySpec } from '../../src/model/strategy.js';
import { testHub, type TestHub } from './build-hub.js';
import { rng } from './random.js';

/**
 * A random but physically sensible hub, drawn as columns and built by testHub: 1-5 members with daily shapes and
 * noise, sometimes PV and wind (so net load goes negative), sometimes caps that bind, a battery with
 * random limits, efficiencies and self-discharge (or none), and flexible loads with daily budgets.
 * `shift` gives the flexible loads a recovery time of 1-12 h in whole steps (recoverWithinHours):
 * 'all' every load, 'mixed' about two in three (the rest lose what is shed); the draws come from a
 * stream of their own, so the hub is otherwise the one of the same seed without shifting.
 */
export function randomHub(seed: number, shift: 'none' | 'mixed' | 'all' = 'none'): ResolvedHub {
  return testHub(randomHubSpec(seed, shift));
}

/** The parts of a random hub: every column drawn, on an hourly or 15-minute axis. */
export interface RandomHubSpec extends TestHub {
  stepMinutes: number;
  members: { id: string; demand: Float64Array; ownConnectionKw: number }[];
  pv: Float64Array;
  wind: Float64Array;
  importCapKw: Float64Array;
  exportCapKw: Float64Array;
  flexibleLoad: FlexibleLoad[];
}

/** The parts of randomHub(seed, shift), for a test that builds a variant of it (through testHub). */
export function randomHubSpec(seed: number, shift: 'none' | 'mixed' | 'all' = 'none'): RandomHubSpec {
  const r = rng(seed);
  const stepMinutes = r() < 0.7 ? 60 : 15;
  const days = 1 + Math.floor(r() * 6);
  const steps = (days * 24 * 60) / stepMinutes;
  const start = Date.UTC(2023, Math.floor(r() * 12), 1 + Math.floor(r() * 27), Math.floor(r() * 24));
  const dt = stepMinutes / 60;

  const memberCount = 1 + Math.floor(r() * 5);
  const members: RandomHubSpec['members'] = [];
  for (let m = 0; m < memberCount; m++) {
    const base = 20 + r() * 800;
    const swing = r() * base;
    const phase = r() * 24;
    const demandKw = new Float64Array(steps);
    for (let t = 0; t < steps; t++) {
      const hour = (t * dt) % 24;
      demandKw[t] = Math.max(0, base + swing * Math.sin(((hour - phase) / 24) * 2 * Math.PI) + (r() - 0.5) * 0.3 * base);
    }
    let peak = 0;
    for (const v of demandKw) peak = Math.max(peak, v);
    members.push({ id: `m${m}`, demand: demandKw, ownConnectionKw: r() < 0.5 ? peak : peak * (1 + r()) });
  }
  // The sizes drawn below follow the load and the net load, summed here for the draws only (the hub's
  // own columns are buildHub's).
  const demandKw = new Float64Array(steps);
  for (const m of members) for (let t = 0; t < steps; t++) demandKw[t] += m.demand[t];
  let meanDemand = 0;
  for (const v of demandKw) meanDemand += v / steps;

  const pvKwp = r() < 0.6 ? r() * 2 * meanDemand : 0;
  const windKw = r() < 0.3 ? r() * 1.5 * meanDemand : 0;
  const pv = new Float64Array(steps);
  const wind = new Float64Array(steps);
  let w = r();
  for (let t = 0; t < steps; t++) {
    const hour = (t * dt) % 24;
    pv[t] = pvKwp * Math.max(0, Math.sin(((hour - 6) / 12) * Math.PI)) * (0.5 + 0.5 * r());
    w = Math.min(1, Math.max(0, w + (r() - 0.5) * 0.2));
    wind[t] = windKw * w;
  }
  const generationKw = new Float64Array(steps);
  for (let t = 0; t < steps; t++) generationKw[t] = pv[t] + wind[t];

  let maxNet = 0;
  for (let t = 0; t < steps; t++) maxNet = Math.max(maxNet, demandKw[t] - generationKw[t]);
  const importCap = r() < 0.6 ? maxNet * (0.7 + 0.4 * r()) : Number.POSITIVE_INFINITY;
  const exportCap = r() < 0.5 ? (pvKwp + windKw) * r() * 0.8 : Number.POSITIVE_INFINITY;
  const importCapKw = new Float64Array(steps).fill(importCap);
  const exportCapKw = new Float64Array(steps).fill(exportCap);
  if (r() < 0.2 && Number.isFinite(importCap)) {
    for (let t = 0; t < steps; t++) if ((t * dt) % 24 >= 16 && (t * dt) % 24 < 20) importCapKw[t] = importCap * 0.8;
  }

  let battery: BatteryParams = NO_BATTERY;
  if (r() < 0.85) {
    const capacityKwh = 50 + r() * 4 * meanDemand;
    const socMin = r() * 0.2;
    const socMax = 0.8 + r() * 0.2;
    const socInitial = socMin + r() * (socMax - socMin);
    const power = capacityKwh * (0.1 + r() * 1.5);
    battery = {
      capacityKwh,
      socMinKwh: socMin * capacityKwh,
      socMaxKwh: socMax * capacityKwh,
      socInitialKwh: socInitial * capacityKwh,
      chargeKw: power * (0.5 + r()),
      dischargeKw: power * (0.5 + r()),
      chargeEfficiency: 0.8 + r() * 0.2,
      dischargeEfficiency: 0.8 + r() * 0.2,
      selfDischargePerHour: r() < 0.5 ? r() * 0.002 : 0,
    };
  }

  const shiftDraw = rng(seed + 1_000_003);
  const flexibleLoad: FlexibleLoad[] = members
    .filter(() => r() < 0.4)
    .map((m) => {
      const share = 0.05 + r() * 0.5;
      const recovers = shift === 'all' || (shift === 'mixed' && shiftDraw() < 2 / 3);
      const recoverWithinHours = recovers ? 1 + shiftDraw() * 11 : undefined;
      return { member: m.id, share, maxHoursPerDay: 1 + r() * 8, recoverWithinHours };
    });

  const strategies: StrategySpec[] = [
    { kind: 'baseline' },
    StrategySpec.parse({ kind: 'peak-shaving', guard: false }),
    StrategySpec.parse({ kind: 'peak-shaving', name: 'peak-shaving-q', thresholdQuantile: 0.5 + 0.45 * r(), guard: true }),
    { kind: 'self-consumption', guard: false },
    { kind: 'congestion' },
    { kind: 'optimal', guard: false },
    { kind: 'optimal', guard: true },
  ];
  return {
    name: `random-${seed}`,
    startMs: start,
    stepMinutes,
    members,
    pv,
    wind,
    importCapKw,
    exportCapKw,
    battery,
    flexibleLoad,
    strategies,
  };
}
