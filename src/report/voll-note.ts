import { eurText } from './format.js';

/*
 * How much of a rollout's society NPV rests on the value of lost load (docs/economics.md section 7),
 * in one sentence under the totals in the terminal summary and in report.html. Energy served or not
 * is priced at economics.valueOfLostLoadEurPerKwh, an upper range for load that waits for a
 * connection, and with growth that waits it can outweigh every other flow a thousandfold: mra-20's
 * society NPVs run to billions of euros while what the hubs return in other money is about the same
 * for every strategy (docs/economics.md section 7). The sentence gives that other money,
 *   npvWithoutVoll = npvSocietyEur - (avoidedUnservedPvEur + lostShedPvEur),
 * for the strategies with the lowest and the highest, so a reader sees which part of the differences
 * between strategies is energy served and which is money that does not depend on the price.
 */

/**
 * The figures of a totals row the note reads (a RolloutResult's, or report.html's parsed file's,
 * where they are checked here); lostShedPvEur is absent from rollout files written before lost shed
 * load was priced: no such flow then.
 */
type VollFigures = { readonly strategy: string } & Partial<Record<'npvSocietyEur' | 'avoidedUnservedPvEur' | 'lostShedPvEur', unknown>>;

/** Below the rounding of the tables (EUR 0.01M) the note is not written. */
const NOTED_FROM_EUR = 0.005e6;

/** A strategy's society NPV less its part that rests on the value of lost load (EUR), or null when a figure is missing. */
export function npvWithoutVoll(t: VollFigures): { npv: number; voll: number; without: number } | null {
  const npv = t.npvSocietyEur;
  const unserved = t.avoidedUnservedPvEur;
  const shed = t.lostShedPvEur ?? 0;
  if (typeof npv !== 'number' || typeof unserved !== 'number' || typeof shed !== 'number') return null;
  const voll = unserved + shed;
  const without = npv - voll;
  return Number.isFinite(without) ? { npv, voll, without } : null;
}

/**
 * The note for the totals, or null when no strategy's NPV rests on the value of lost load by
 * EUR 5,000 or more. `label` names a strategy as the tables do ("NAME (bound)").
 */
export function vollNote(totals: readonly { readonly strategy: string }[], label: (strategy: string) => string): string | null {
  const rows = totals.flatMap((t) => {
    const v = npvWithoutVoll(t as VollFigures);
    return v === null ? [] : [{ name: label(t.strategy), ...v }];
  });
  if (!rows.some((r) => Math.abs(r.voll) >= NOTED_FROM_EUR)) return null;
  const lowest = rows.reduce((a, b) => (b.without < a.without ? b : a));
  const highest = rows.reduce((a, b) => (b.without > a.without ? b : a));
  const npvs = rows.map((r) => r.npv);
  const spread =
    rows.length === 1
      ? `the society NPV of ${lowest.name} is ${eurText(lowest.npv)}, of which ${eurText(lowest.voll)} rests on the value of lost load; without it, ${eurText(lowest.without)}`
      : `the society NPVs run from ${eurText(Math.min(...npvs))} to ${eurText(Math.max(...npvs))}; without the part that rests on the value of lost load (of which VoLL) they lie between ${eurText(lowest.without)} (${lowest.name}) and ${eurText(highest.without)} (${highest.name})`;
  return `${spread}: the rest is energy served or not, priced at the value of lost load, an upper range for load that waits for a connection (docs/economics.md sections 7 and 8)`;
}
