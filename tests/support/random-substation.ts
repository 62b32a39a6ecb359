import type { BatteryParams, ResolvedHub } from '../../src/model/resolved.js';
import type { TimeAxis } from '../../src/time/axis.js';
import { testHub } from './build-hub.js';
import { rng } from './random.js';

/** A substation for the joint minimum peak: a background load and hubs on one time axis. */
export interface RandomSubstation {
  readonly axis: TimeAxis;
  /** Everything else on the substation (kW). */
  readonly backgroundKw: Float64Array;
  /**
   * The hubs, each with a battery; net load = demandKw - generationKw, no flexible load, and no
   * import cap unless the options ask for caps.
   */
  readonly hubs: readonly ResolvedHub[];
}

export interface RandomSubstationOptions {
  /** Number of hubs (at least one: the substation takes its axis from them), each with its own battery. */
  hubs: number;
  /** Steps on the axis. */
  steps: number;
  /** Step length in minutes (default: 60 or 15 drawn). */
  stepMinutes?: number;
  /**
   * Import caps: three hubs in four get one, 0.6-1.1 x their highest net load (so some steps lie at
   * or above it), a third of those lower from a drawn step on (a cap granted in steps). Drawn from a
   * stream of their own: the substation is otherwise the one without caps.
   */
  caps?: boolean;
}

/**
 * A random but physically sensible substation: a background load with a daily shape and noise, and
 * hubs whose demand has its own daily shape, noise and sometimes PV (so a hub's net load may go
 * negative around noon), each with a battery of its own size, power, efficiencies, socMin and
 * sometimes self-discharge. Batteries range from small against the load swings (many steps where
 * nothing can bind the peak) to large (almost none).
 */
export function randomSubstation(seed: number, opts: RandomSubstationOptions): RandomSubstation {
  const r = rng(seed);
  const stepMinutes = opts.stepMinutes ?? (r() < 0.7 ? 60 : 15);
  const steps = opts.steps;
  const startMs = Date.UTC(2023, Math.floor(r() * 12), 1 + Math.floor(r() * 27));
  const dt = stepMinutes / 60;
  const daily = (base: number, swing: number, phase: number, noise: number): Float64Array => {
    const column = new Float64Array(steps);
    for (let t = 0; t < steps; t++) {
      const hour = (t * dt) % 24;
      column[t] = Math.max(0, base + swing * Math.sin(((hour - phase) / 24) * 2 * Math.PI) + (r() - 0.5) * noise * base);
    }
    return column;
  };
  const bgBase = r() < 0.2 ? 0 : 200 + r() * 3000;
  const backgroundKw = daily(bgBase, r() * bgBase * 0.6, r() * 24, 0.2);
  // One size class for the substation's batteries: small ones leave many steps free, large ones few.
  const sizeClass = r() < 0.5 ? 0.05 + r() * 0.2 : 0.3 + r() * 1.2;
  const hubs: ResolvedHub[] = [];
  const capDraw = rng(seed + 1_000_003);
  for (let h = 0; h < opts.hubs; h++) {
    const base = 50 + r() * 1500;
    const demandKw = daily(base, r() * base, r() * 24, 0.3);
    const pvKwp = r() < 0.5 ? r() * 2 * base : 0;
    const pvKw = new Float64Array(steps);
    for (let t = 0; t < steps; t++) pvKw[t] = pvKwp * Math.max(0, Math.sin(((((t * dt) % 24) - 6) / 12) * Math.PI)) * (0.5 + 0.5 * r());
    const capacityKwh = base * (0.5 + r() * 3) * sizeClass;
    const socMinFrac = r() < 0.4 ? 0 : r() * 0.2;
    const socMaxFrac = 0.8 + r() * 0.2;
    const power = capacityKwh * (0.2 + r() * 1.3);
    const efficiency = (): number => (r() < 0.15 ? 1 : 0.8 + r() * 0.2);
    const battery: BatteryParams = {
      capacityKwh,
      socMinKwh: socMinFrac * capacityKwh,
      socMaxKwh: socMaxFrac * capacityKwh,
      socInitialKwh: (socMinFrac + r() * (socMaxFrac - socMinFrac)) * capacityKwh,
      chargeKw: Math.min(power * (0.5 + r()), base),
      dischargeKw: Math.min(power * (0.5 + r()), base),
      chargeEfficiency: efficiency(),
      dischargeEfficiency: efficiency(),
      selfDischargePerHour: r() < 0.4 ? r() * 0.003 : 0,
    };
    const importCapKw = opts.caps === true ? drawnCap(capDraw, demandKw, pvKw) : undefined;
    hubs.push(testHub({ name: `hub-${h}`, startMs, stepMinutes, members: [{ id: 'm0', demand: demandKw }], pv: pvKw, battery, importCapKw }));
  }
  return { axis: hubs[0].axis, backgroundKw, hubs };
}

/** An import cap column for a hub (kW; +Infinity: none), as RandomSubstationOptions.caps says. */
function drawnCap(r: () => number, demandKw: Float64Array, pvKw: Float64Array): Float64Array {
  const steps = demandKw.length;
  const capKw = new Float64Array(steps).fill(Number.POSITIVE_INFINITY);
  if (r() < 0.25) return capKw;
  let highest = 0;
  for (let t = 0; t < steps; t++) highest = Math.max(highest, demandKw[t] - pvKw[t]);
  const level = (0.6 + 0.5 * r()) * highest;
  const from = r() < 1 / 3 ? Math.floor(r() * steps) : steps;
  const lower = (0.6 + 0.4 * r()) * level;
  for (let t = 0; t < steps; t++) capKw[t] = t < from ? level : lower;
  return capKw;
}

/** A hub's net load, demand - generation (kW). */
export function netOf(hub: ResolvedHub): Float64Array {
  const net = new Float64Array(hub.axis.steps);
  for (let t = 0; t < net.length; t++) net[t] = hub.demandKw[t] - hub.generationKw[t];
  return net;
}
