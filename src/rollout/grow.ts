import { hubOf, type ResolvedFlexibleLoad, type ResolvedHub, type ResolvedMember } from '../model/resolved.js';
import { scaledMember } from '../results/hub-facts.js';

/**
 * A hub in a later year: every member's demand (and the capacity it would hold on its own connection)
 * times its kind's growth factor; flexible loads grow with their member. PV, wind, the battery and
 * the collective connection's caps stay as built, so growth shows up as exceedances and overloads.
 * `column` supplies the new columns of the hub's demand and its flexible loads (a rollout worker
 * reuses them from task to task); a grown member's own column is made when it is first read
 * (GrownMember).
 */
export function grownHub(base: ResolvedHub, factorOf: (kind: string) => number, column: (steps: number) => Float64Array = (n) => new Float64Array(n)): ResolvedHub {
  const n = base.axis.steps;
  const factors = new Map<string, number>();
  let grows = false;
  for (const m of base.members) {
    const f = factorOf(m.kind);
    factors.set(m.id, f);
    if (f !== 1) grows = true;
  }
  if (!grows) return base;
  // Plain loops, and new objects spelled out in the order resolveHub builds them (one object shape
  // for every hub: docs/performance.md, "Code shapes"). The hub's demand is the sum of its members'
  // grown demand, added member by member in their order as each is grown, to a sum that starts at 0
  // (the first member's values + 0, which is each value itself but for -0, written without reading
  // the sum).
  const demandKw = column(n);
  const members: ResolvedMember[] = [];
  for (const [i, m] of base.members.entries()) {
    const f = factors.get(m.id)!;
    if (f === 1) {
      members.push(m);
      addInto(m.demandKw, demandKw, i === 0);
      continue;
    }
    scaledAdding(m.demandKw, f, demandKw, i === 0);
    const grown = new GrownMember(m, f);
    scaledMember(grown, m, f, n);
    members.push(grown);
  }
  const flexible: ResolvedFlexibleLoad[] = [];
  for (const fl of base.flexible) {
    const f = factors.get(fl.member) ?? 1;
    if (f === 1) {
      flexible.push(fl);
      continue;
    }
    const availableKw = column(n);
    scaled(fl.availableKw, f, availableKw);
    flexible.push({ member: fl.member, availableKw, maxStepsPerDay: fl.maxStepsPerDay, recoverSteps: fl.recoverSteps });
  }
  return hubOf({ ...base, members, demandKw, flexible });
}

/** out += values, or with `first` out = 0 + values, step by step (a loop in a function of its own: docs/performance.md, "Code shapes"). */
function addInto(values: Float64Array, out: Float64Array, first: boolean): void {
  if (first) for (let t = 0; t < out.length; t++) out[t] = values[t] + 0;
  else for (let t = 0; t < out.length; t++) out[t] += values[t];
}

/** sum += values x factor (with `first`: sum = 0 + values x factor), step by step. */
function scaledAdding(values: Float64Array, factor: number, sum: Float64Array, first: boolean): void {
  if (first) for (let t = 0; t < sum.length; t++) sum[t] = values[t] * factor + 0;
  else for (let t = 0; t < sum.length; t++) sum[t] += values[t] * factor;
}

/**
 * A member in a later year: its demand is the base member's times its growth factor, each step the
 * same product the hub's sum adds. A rollout reads only that sum and the member's peak (hubFacts,
 * from the base member's peak: scaledMember), so the member's own column is worked out the first
 * time it is read, not for every terrain, year and weather year.
 */
class GrownMember implements ResolvedMember {
  readonly id: string;
  readonly kind: string;
  readonly ownConnectionKw: number;
  private column: Float64Array | null = null;

  constructor(
    private readonly base: ResolvedMember,
    private readonly factor: number,
  ) {
    this.id = base.id;
    this.kind = base.kind;
    this.ownConnectionKw = base.ownConnectionKw * factor;
  }

  get demandKw(): Float64Array {
    if (this.column === null) {
      this.column = new Float64Array(this.base.demandKw.length);
      scaled(this.base.demandKw, this.factor, this.column);
    }
    return this.column;
  }
}

/** out = values x factor, step by step. */
function scaled(values: Float64Array, factor: number, out: Float64Array): void {
  for (let t = 0; t < out.length; t++) out[t] = values[t] * factor;
}
