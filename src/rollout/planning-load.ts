/*
 * A substation's planning load in one variant and weather year (docs/economics.md section 4): per
 * step, the background plus every terrain's import, all of it, or (capacityRequests: unserved) only up
 * to the terrain's granted cap; its peak and the step of its peak (the first of equals); and the peak
 * of the served load, every terrain's import up to its granted cap: what is connected, against which
 * new capacity is granted.
 *
 * The terrains are added one at a time, in the substation's order, as each run ends (its grid
 * exchange is then still at hand), so every step's sum is added up in the same order whatever the
 * variant. A terrain whose peak import is below its cap imports less than the cap in every step and
 * counts in full in both loads; until a terrain does not, the served load is the planning load, and
 * it is kept in a column of its own only from then on.
 */
export class PlanningLoad {
  private served: Float64Array | null = null;

  constructor(
    /** The load per step (kW), starting as the background. */
    readonly load: Float64Array,
    background: Float64Array,
    private readonly unserved: boolean,
    /** A column for the served load, asked for when it first differs. */
    private readonly servedColumn: () => Float64Array,
  ) {
    load.set(background);
  }

  /** Add one terrain's grid exchange (kW), with its peak import (kW) and its granted cap (kW; null: none). */
  add(gridKw: Float64Array, peakImportKw: number, capKw: number | null): void {
    const cap = capKw ?? Number.POSITIVE_INFINITY;
    const within = peakImportKw < cap;
    if (!within && !this.unserved && this.served === null) {
      this.served = this.servedColumn();
      this.served.set(this.load);
    }
    if (this.served === null) {
      if (this.unserved && !within) addUpTo(this.load, gridKw, cap);
      else addAll(this.load, gridKw);
      return;
    }
    // A served load of its own is kept only when every terrain counts in full in the planning load
    // (not under capacityRequests: unserved): both sums in one pass over the terrain's steps.
    if (within) addAllTwice(this.load, this.served, gridKw);
    else addAllAndUpTo(this.load, this.served, gridKw, cap);
  }

  /** The planning load's peak (kW) and the step of it, and the served load's peak (kW). */
  peaks(): { peakKw: number; peakStep: number; servedPeakKw: number } {
    const load = this.load;
    let peakKw = Number.NEGATIVE_INFINITY;
    let peakStep = 0;
    for (let t = 0; t < load.length; t++) {
      if (load[t] > peakKw) {
        peakKw = load[t];
        peakStep = t;
      }
    }
    const served = this.served;
    if (served === null) return { peakKw, peakStep, servedPeakKw: peakKw };
    let servedPeakKw = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < served.length; t++) if (served[t] > servedPeakKw) servedPeakKw = served[t];
    return { peakKw, peakStep, servedPeakKw };
  }
}

/** sum[t] += x[t] in every step. */
function addAll(sum: Float64Array, x: Float64Array): void {
  for (let t = 0; t < sum.length; t++) sum[t] += x[t];
}

/** sum[t] += min(x[t], cap) in every step. */
function addUpTo(sum: Float64Array, x: Float64Array, capKw: number): void {
  // The cap as a double of the loop's own (docs/performance.md, "Code shapes").
  const cap = +capKw;
  for (let t = 0; t < sum.length; t++) sum[t] += x[t] < cap ? x[t] : cap;
}

/** sum[t] += x[t] and other[t] += x[t] in every step. */
function addAllTwice(sum: Float64Array, other: Float64Array, x: Float64Array): void {
  for (let t = 0; t < sum.length; t++) {
    const v = x[t];
    sum[t] += v;
    other[t] += v;
  }
}

/** sum[t] += x[t] and upTo[t] += min(x[t], cap) in every step. */
function addAllAndUpTo(sum: Float64Array, upTo: Float64Array, x: Float64Array, capKw: number): void {
  const cap = +capKw;
  for (let t = 0; t < sum.length; t++) {
    const v = x[t];
    sum[t] += v;
    upTo[t] += v < cap ? v : cap;
  }
}
