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
  // grown demand, added in their order to a sum that starts at 0.
  const members: ResolvedMember[] = [];
  const columns: Float64Array[] = [];
  const columnFactors: number[] = [];
  for (const m of base.members) {
    const f = factors.get(m.id)!;
    columns.push(m.demandKw);
    columnFactors.push(f);
    if (f === 1) {
      members.push(m);
      continue;
    }
    const grown = new GrownMember(m, f);
    scaledMember(grown, m, f, n);
    members.push(grown);
  }
  const demandKw = column(n);
  weightedSum(columns, columnFactors, demandKw);
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

/**
 * sum = 0 + x_1 f_1 + x_2 f_2 + ... in each step: the columns x_i times their factors f_i (x times 1
 * is x itself, to the bit), added in their order, two columns a pass over the sum. At least one column.
 */
function weightedSum(columns: readonly Float64Array[], factors: readonly number[], sum: Float64Array): void {
  const m = columns.length;
  let j = 0;
  for (; j + 1 < m; j += 2) addPair(columns[j], factors[j], columns[j + 1], factors[j + 1], sum, j === 0);
  if (j < m) addOne(columns[j], factors[j], sum, j === 0);
}

/** sum += a x fa + b x fb (with `first`: sum = 0 + a x fa + b x fb), step by step (a loop in a function of its own: docs/performance.md, "Code shapes"). */
function addPair(a: Float64Array, fa: number, b: Float64Array, fb: number, sum: Float64Array, first: boolean): void {
  if (first) for (let t = 0; t < sum.length; t++) sum[t] = 0 + a[t] * fa + b[t] * fb;
  else for (let t = 0; t < sum.length; t++) sum[t] = sum[t] + a[t] * fa + b[t] * fb;
}

/** sum += a x fa (with `first`: sum = 0 + a x fa), step by step. */
function addOne(a: Float64Array, fa: number, sum: Float64Array, first: boolean): void {
  if (first) for (let t = 0; t < sum.length; t++) sum[t] = 0 + a[t] * fa;
  else for (let t = 0; t < sum.length; t++) sum[t] += a[t] * fa;
}

/** out = values x factor, step by step. */
function scaled(values: Float64Array, factor: number, out: Float64Array): void {
  for (let t = 0; t < out.length; t++) out[t] = values[t] * factor;
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
    // A company's own connection stays as built: grown, it contracts max(connection, its grown peak) on it alone.
    this.ownConnectionKw = base.ownConnectionKw;
  }

  get demandKw(): Float64Array {
    if (this.column === null) {
      this.column = new Float64Array(this.base.demandKw.length);
      scaled(this.base.demandKw, this.factor, this.column);
    }
    return this.column;
  }
}
