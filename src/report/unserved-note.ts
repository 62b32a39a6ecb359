import { WITHOUT_HUBS } from '../rollout/task.js';
import { fmt } from './format.js';

/*
 * Why a terrain's avoided unserved energy is below 0 (docs/economics.md section 4), in one sentence
 * under a strategy's terrains in the terminal summary and in report.html, from results.json's own
 * rows. Unserved energy is a terrain's import above the cap the grid operator has granted it, so
 * with a strategy it can exceed the reference's in two ways:
 *   - the operator granted the terrain less than without hubs: a strategy that lowers the load served
 *     can defer a reinforcement step while a capacity request waits, the substation then has less in
 *     service, and the request waits longer, on any terrain of the substation, also one whose hub did
 *     nothing;
 *   - with the same grant, the terrain's own import above it rose (its hub's control).
 * A reader who sees EUR -278M on a terrain with no peak reduction of its own is told which, with the
 * kW and the years; the table's figure stays as it is (the convention as modelled).
 */

/** The rows of results.json the note reads (a RolloutResult and report.html's parsed file both have them). */
export interface UnservedNoteInput {
  readonly years: readonly number[];
  readonly terrainEconomics: readonly { readonly terrain: string; readonly substation: string; readonly strategy: string; readonly avoidedUnservedEur: number | null }[];
  readonly terrainYears: readonly { readonly terrain: string; readonly strategy: string; readonly year: number; readonly grantedCapKw: number | null }[];
  readonly substationYears: readonly { readonly substation: string; readonly strategy: string; readonly year: number; readonly capacityInServiceKw: number | null }[];
}

/** Terrains named in one note (the largest shortfall first); the rest are counted. */
export const MAX_NOTED_TERRAINS = 5;
/** Below the rounding of the tables (EUR 0.01M) a terrain is not named. */
const NOTED_BELOW_EUR = -0.005e6;

/** The note for `strategy`, or null when no terrain's avoided unserved energy is below 0. */
export function unservedBelowZeroNote(r: UnservedNoteInput, strategy: string): string | null {
  const below = r.terrainEconomics
    .filter((e) => e.strategy === strategy && e.avoidedUnservedEur !== null && e.avoidedUnservedEur < NOTED_BELOW_EUR)
    .sort((a, b) => a.avoidedUnservedEur! - b.avoidedUnservedEur!);
  if (below.length === 0) return null;
  const named = below.slice(0, MAX_NOTED_TERRAINS);
  const terrains = new Set(named.map((e) => e.terrain));
  const substations = new Set(named.map((e) => e.substation));
  const key = (place: string, variant: string, year: number): string => `${place}\u0000${variant}\u0000${year}`;
  const granted = new Map<string, number | null>();
  for (const y of r.terrainYears) if (terrains.has(y.terrain) && (y.strategy === strategy || y.strategy === WITHOUT_HUBS)) granted.set(key(y.terrain, y.strategy, y.year), y.grantedCapKw);
  const inService = new Map<string, number | null>();
  for (const y of r.substationYears) if (substations.has(y.substation) && (y.strategy === strategy || y.strategy === WITHOUT_HUBS)) inService.set(key(y.substation, y.strategy, y.year), y.capacityInServiceKw);

  let grantCut = false;
  const parts = named.map((e) => {
    const years: number[] = [];
    let lessGrantedKw = 0;
    let lessInServiceKw = 0;
    for (const year of r.years) {
      const own = granted.get(key(e.terrain, strategy, year));
      const ref = granted.get(key(e.terrain, WITHOUT_HUBS, year));
      if (own == null || ref == null || !(own < ref)) continue;
      years.push(year);
      lessGrantedKw = Math.max(lessGrantedKw, ref - own);
      const s = inService.get(key(e.substation, strategy, year));
      const sRef = inService.get(key(e.substation, WITHOUT_HUBS, year));
      if (s != null && sRef != null) lessInServiceKw = Math.max(lessInServiceKw, sRef - s);
    }
    const head = `${e.terrain} (EUR ${fmt(e.avoidedUnservedEur, 2, 1e6)}M)`;
    if (years.length === 0) return `${head}: its own import above the granted cap rose (granted as without hubs)`;
    grantCut = true;
    const less = lessInServiceKw > 0 ? `, ${e.substation} having up to ${fmt(lessInServiceKw)} kW less in service` : '';
    return `${head}: granted up to ${fmt(lessGrantedKw)} kW less import cap than without hubs in ${yearList(years)}${less}`;
  });
  const more = below.length > named.length ? `; and ${below.length - named.length} more terrains` : '';
  const why = grantCut
    ? '. A strategy that lowers the load served can defer a reinforcement step while a capacity request waits, and the request then waits longer, on any terrain of the substation (docs/economics.md section 4)'
    : '';
  return `avoided unserved energy below 0: ${parts.join('; ')}${more}${why}`;
}

/** Years as runs: "2031-2035, 2038". */
function yearList(years: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < years.length; ) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j] + 1) j++;
    runs.push(j === i ? String(years[i]) : `${years[i]}-${years[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}
