import type { ResolvedHub } from '../model/resolved.js';
import { clipBatteryKw, nextSocKwh, retention } from './battery.js';
import { FLAG } from './flags.js';
import type { Recorder } from './recorder.js';
import type { Setpoints } from './setpoints.js';
import { ShedBudget } from './shedding.js';

const TOLERANCE_KW = 1e-6;
const { importAboveCap: IMPORT_ABOVE_CAP, exportAboveCap: EXPORT_ABOVE_CAP, batteryLimited: BATTERY_LIMITED, shedLimited: SHED_LIMITED, curtailLimited: CURTAIL_LIMITED } = FLAG;

/**
 * Applies physics to a strategy's setpoints, step by step: the battery within its power and energy
 * limits, shedding within the flexible loads and their daily budgets, curtailment within the
 * generation. Then the grid exchange is what balances the hub:
 *
 *   grid = (demand - shed) - (generation - curtailed) + battery
 *
 * Caps are contracts, not physics: exceeding them is recorded as a flag, not prevented.
 */
export class Physics {
  socKwh: number;
  private readonly keep: number;
  private readonly budget: ShedBudget;

  constructor(private readonly hub: ResolvedHub) {
    this.socKwh = hub.battery.socInitialKwh;
    this.keep = retention(hub.battery, hub.axis.stepHours);
    this.budget = new ShedBudget(hub.flexible, hub.dayIndex);
  }

  apply(from: number, to: number, sp: Setpoints, rec: Recorder): void {
    this.socKwh = applySteps(this.hub, this.budget, this.keep, this.socKwh, from, to, sp, rec);
  }
}

/**
 * The physics loop over [from, to); returns the state of charge at the end. Kept as a function with
 * nothing after its loop: V8 optimises the loop on the stack (OSR) without feedback for code after
 * it, and a store there deoptimised every run (measured: 4x slower).
 */
function applySteps(hub: ResolvedHub, budget: ShedBudget, keep: number, socKwh: number, from: number, to: number, sp: Setpoints, rec: Recorder): number {
  const { battery, demandKw, generationKw, importCapKw, exportCapKw } = hub;
  const dt = hub.axis.stepHours;
  const { gridKw, batteryKw, socKwh: socColumn, shedKw, curtailedKw, flags: flagColumn } = rec;
  let soc = socKwh;
  for (let t = from; t < to; t++) {
    let flags = 0;
    const want = sp.batteryKw[t];
    const p = clipBatteryKw(battery, soc, want, dt, keep);
    if (Math.abs(p - want) > TOLERANCE_KW) flags |= BATTERY_LIMITED;
    soc = nextSocKwh(battery, soc, p, dt, keep);

    const wantShed = sp.shedKw[t];
    const shed = wantShed > 0 ? budget.shed(t, wantShed) : 0;
    if (wantShed - shed > TOLERANCE_KW) flags |= SHED_LIMITED;

    const gen = generationKw[t];
    const wantCurtail = sp.curtailKw[t];
    const curtailed = wantCurtail <= 0 ? 0 : wantCurtail < gen ? wantCurtail : gen;
    if (wantCurtail - curtailed > TOLERANCE_KW) flags |= CURTAIL_LIMITED;

    const grid = demandKw[t] - shed - (gen - curtailed) + p;
    if (grid > importCapKw[t] + TOLERANCE_KW) flags |= IMPORT_ABOVE_CAP;
    if (-grid > exportCapKw[t] + TOLERANCE_KW) flags |= EXPORT_ABOVE_CAP;

    gridKw[t] = grid;
    batteryKw[t] = p;
    socColumn[t] = soc;
    shedKw[t] = shed;
    curtailedKw[t] = curtailed;
    flagColumn[t] = flags;
  }
  return soc;
}
