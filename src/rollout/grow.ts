import type { ResolvedHub } from '../model/resolved.js';

/**
 * A hub in a later year: every member's demand (and the capacity it would hold on its own connection)
 * times its kind's growth factor; flexible loads grow with their member. PV, wind, the battery and
 * the collective connection's caps stay as built, so growth shows up as exceedances and overloads.
 * `column` supplies the new columns (a rollout worker reuses them from task to task).
 */
export function grownHub(base: ResolvedHub, factorOf: (kind: string) => number, column: (steps: number) => Float64Array = (n) => new Float64Array(n)): ResolvedHub {
  const n = base.axis.steps;
  const factors = new Map<string, number>();
  const members = base.members.map((m) => {
    const f = factorOf(m.kind);
    factors.set(m.id, f);
    if (f === 1) return m;
    const demandKw = column(n);
    for (let t = 0; t < n; t++) demandKw[t] = m.demandKw[t] * f;
    return { ...m, demandKw, ownConnectionKw: m.ownConnectionKw * f };
  });
  if ([...factors.values()].every((f) => f === 1)) return base;
  const demandKw = column(n).fill(0);
  for (const m of members) for (let t = 0; t < n; t++) demandKw[t] += m.demandKw[t];
  const flexible = base.flexible.map((fl) => {
    const f = factors.get(fl.member) ?? 1;
    if (f === 1) return fl;
    const availableKw = column(n);
    for (let t = 0; t < n; t++) availableKw[t] = fl.availableKw[t] * f;
    return { ...fl, availableKw };
  });
  return { ...base, members, demandKw, flexible };
}
