import type { ResolvedFlexibleLoad } from '../model/resolved.js';
import { ACC } from './summary.js';

/*
 * Shifted load: a flexible load with recoverWithinHours (a cold store, a heat pump, EV charging, a
 * process buffer) is deferred when it is shed, not lost. What load k owes is kept per step s it was
 * shed in, and it comes back as extra demand of its member, R_k = floor(recoverWithinHours / dt)
 * steps at the latest:
 *
 *   rebound_k(t)   = owed_k(t - R_k)                                  at the deadline, regardless of the cap
 *   recovered_k(t) = min(owed_k, available_k(t) - rebound_k(t), room)  oldest first, loads in file order
 *   room(t)        = min(shed level, import cap)(t) - (grid after the battery + rebound)(t)
 *
 * Recovery runs only in a step that sheds nothing (import below the level the shedding holds), up to
 * the load's flexible power available_k = share x member load; the forced rebound may raise import
 * above the cap, and a load that rebounds in a step is not shed in it (it must catch up). A step
 * decides from its own measured values and what is owed from earlier steps, like the state of
 * charge; all energies are kW x dt with the axis' one step length, so the ledger keeps kW.
 *
 * The ledger adds to the run's sums (ACC.shifted, ACC.lost, ACC.recovered, ACC.rebound,
 * ACC.stepsRebound); what is still owed at the end of the axis is owedKw(). Without a load that
 * recovers there is no ledger (ShiftLedger.of returns null) and the physics takes its loops as before.
 */
export class ShiftLedger {
  /** Steps to the deadline per load (0: the load's shed energy is lost). */
  private readonly recoverSteps: Int32Array;
  /** Start of each load's ring of owed kW in `owed`: slot (s mod R_k) holds what step s still owes. */
  private readonly offset: Int32Array;
  private readonly owed: Float64Array;
  /** The oldest step each load may still owe for (every older step is paid). */
  private readonly head: Int32Array;
  /** Slots holding a debt, per load and in all. */
  private readonly slotsOwed: Int32Array;
  /** The step in which a load last rebounded, and how much (kW). */
  private readonly reboundAt: Int32Array;
  private readonly reboundKw: Float64Array;
  /** Nonzero while any load owes: the loops ask the ledger nothing otherwise. */
  owing = 0;

  private constructor(
    private readonly flexible: readonly ResolvedFlexibleLoad[],
    steps: number,
    private readonly acc: Float64Array,
  ) {
    const n = flexible.length;
    this.recoverSteps = Int32Array.from(flexible, (f) => f.recoverSteps);
    this.offset = new Int32Array(n);
    let size = 0;
    for (let k = 0; k < n; k++) {
      this.offset[k] = size;
      // A deadline beyond the axis never comes: s mod R_k = s for every step s, so the axis' steps suffice.
      size += Math.min(this.recoverSteps[k], steps);
    }
    this.owed = new Float64Array(size);
    this.head = new Int32Array(n);
    this.slotsOwed = new Int32Array(n);
    this.reboundAt = new Int32Array(n).fill(-1);
    this.reboundKw = new Float64Array(n);
  }

  /** The ledger of a hub's flexible loads on an axis of `steps`; null when none recovers (shed energy is lost). */
  static of(flexible: readonly ResolvedFlexibleLoad[], steps: number, acc: Float64Array): ShiftLedger | null {
    return flexible.some((f) => f.recoverSteps > 0) ? new ShiftLedger(flexible, steps, acc) : null;
  }

  /** Whether load k must rebound in step t, and so cannot be shed in it. */
  rebounds(k: number, t: number): boolean {
    return this.reboundAt[k] === t;
  }

  /** Load k was shed by kw in step t: owed back if it recovers, lost otherwise. */
  shed(k: number, t: number, kw: number): void {
    const r = this.recoverSteps[k];
    if (r === 0) {
      this.acc[ACC.lost] += kw;
      return;
    }
    if (this.slotsOwed[k] === 0) this.head[k] = t;
    this.owed[this.offset[k] + (t % r)] = kw;
    this.slotsOwed[k]++;
    this.owing++;
    this.acc[ACC.shifted] += kw;
  }

  /** The forced rebound of step t (kW): what each load still owes for step t - R_k comes back now. */
  rebound(t: number): number {
    let total = 0;
    for (let k = 0; k < this.recoverSteps.length; k++) {
      const r = this.recoverSteps[k];
      const s = t - r;
      if (this.slotsOwed[k] === 0 || s < this.head[k]) continue;
      const slot = this.offset[k] + (s % r);
      const kw = this.owed[slot];
      this.head[k] = s + 1;
      if (kw === 0) continue;
      this.owed[slot] = 0;
      this.slotsOwed[k]--;
      this.owing--;
      this.reboundAt[k] = t;
      this.reboundKw[k] = kw;
      total += kw;
    }
    if (total > 0) {
      this.acc[ACC.rebound] += total;
      this.acc[ACC.stepsRebound]++;
    }
    return total;
  }

  /**
   * Recovery in step t within roomKw (kW): each load in file order pays its oldest debts first, up to
   * its flexible power left after its rebound. Returns the kW recovered.
   */
  recover(t: number, roomKw: number): number {
    let room = roomKw;
    let recovered = 0;
    for (let k = 0; k < this.recoverSteps.length && room > 0; k++) {
      if (this.slotsOwed[k] === 0) continue;
      let limit = this.flexible[k].availableKw[t] - (this.reboundAt[k] === t ? this.reboundKw[k] : 0);
      const r = this.recoverSteps[k];
      let s = this.head[k];
      while (s < t && room > 0 && limit > 0) {
        const slot = this.offset[k] + (s % r);
        const kw = this.owed[slot];
        if (kw > 0) {
          const take = kw < room ? (kw < limit ? kw : limit) : room < limit ? room : limit;
          room -= take;
          limit -= take;
          recovered += take;
          if (take < kw) {
            this.owed[slot] = kw - take;
            break;
          }
          this.owed[slot] = 0;
          this.slotsOwed[k]--;
          this.owing--;
          if (this.slotsOwed[k] === 0) break;
        }
        s++;
      }
      this.head[k] = s;
    }
    this.acc[ACC.recovered] += recovered;
    return recovered;
  }

  /** What all loads still owe (kW, summed over the steps they were shed in). */
  owedKw(): number {
    let total = 0;
    for (let i = 0; i < this.owed.length; i++) total += this.owed[i];
    return total;
  }
}
