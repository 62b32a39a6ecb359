import type { ResolvedFlexibleLoad } from '../model/resolved.js';
import type { ShiftLedger } from './shifting.js';
import { TOLERANCE_KW } from './tolerance.js';

/**
 * Load shedding with daily budgets: each flexible load may be shed in at most maxStepsPerDay steps of
 * a local day. A request is served from the flexible loads in the order the hub file lists them.
 * The engine enforces budgets with one instance; a strategy that plans shedding keeps its own, and
 * because both follow the same rule, the plan and the execution agree. With a ledger (a hub with a
 * load that recovers, see shifting.ts) each load's shed power is entered as owed or lost, and a load
 * that rebounds in the step is not shed in it.
 */
export class ShedBudget {
  private readonly used: Int32Array;
  private day = -1;

  constructor(
    private readonly flexible: readonly ResolvedFlexibleLoad[],
    private readonly dayIndex: Int32Array,
    private readonly ledger: ShiftLedger | null = null,
  ) {
    this.used = new Int32Array(flexible.length);
  }

  /**
   * Shed up to requestKw in step t; returns the kW actually shed and spends the budgets. A request
   * within TOLERANCE_KW is the rounding of the step's sums, not load above the level: it sheds
   * nothing and spends no step of a day's budget (the import it leaves is within the cap check's
   * tolerance too).
   */
  shed(t: number, requestKw: number): number {
    if (requestKw <= TOLERANCE_KW || this.flexible.length === 0) return 0;
    if (this.dayIndex[t] !== this.day) {
      this.day = this.dayIndex[t];
      this.used.fill(0);
    }
    const ledger = this.ledger;
    // The request as a double of the loop's own (docs/performance.md, "Code shapes").
    let left = +requestKw;
    for (let k = 0; k < this.flexible.length && left > 0; k++) {
      const f = this.flexible[k];
      if (this.used[k] >= f.maxStepsPerDay) continue;
      if (ledger !== null && ledger.rebounds(k, t)) continue;
      const take = f.availableKw[t] < left ? f.availableKw[t] : left;
      if (take > 0) {
        this.used[k]++;
        left -= take;
        if (ledger !== null) ledger.shed(k, t, take);
      }
    }
    return requestKw - left;
  }
}
