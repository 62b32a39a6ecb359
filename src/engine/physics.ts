import type { ResolvedHub } from '../model/resolved.js';
import { clipBatteryKw, nextSocKwh, retention } from './battery.js';
import { FLAG } from './flags.js';
import type { Recorder } from './recorder.js';
import type { Setpoints } from './setpoints.js';
import { ShedBudget } from './shedding.js';

const TOLERANCE_KW = 1e-6;

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
    const { battery, demandKw, generationKw, importCapKw, exportCapKw } = this.hub;
    const dt = this.hub.axis.stepHours;
    const keep = this.keep;
    let soc = this.socKwh;
    for (let t = from; t < to; t++) {
      let flags = 0;
      const want = sp.batteryKw[t];
      const p = clipBatteryKw(battery, soc, want, dt, keep);
      if (Math.abs(p - want) > TOLERANCE_KW) flags |= FLAG.batteryLimited;
      soc = nextSocKwh(battery, soc, p, dt, keep);

      const wantShed = sp.shedKw[t];
      const shed = wantShed > 0 ? this.budget.shed(t, wantShed) : 0;
      if (wantShed - shed > TOLERANCE_KW) flags |= FLAG.shedLimited;

      const gen = generationKw[t];
      const wantCurtail = sp.curtailKw[t];
      const curtailed = wantCurtail <= 0 ? 0 : wantCurtail < gen ? wantCurtail : gen;
      if (wantCurtail - curtailed > TOLERANCE_KW) flags |= FLAG.curtailLimited;

      const grid = demandKw[t] - shed - (gen - curtailed) + p;
      if (grid > importCapKw[t] + TOLERANCE_KW) flags |= FLAG.importAboveCap;
      if (-grid > exportCapKw[t] + TOLERANCE_KW) flags |= FLAG.exportAboveCap;

      rec.gridKw[t] = grid;
      rec.batteryKw[t] = p;
      rec.socKwh[t] = soc;
      rec.shedKw[t] = shed;
      rec.curtailedKw[t] = curtailed;
      rec.flags[t] = flags;
    }
    this.socKwh = soc;
  }
}
