/*
 * Hubs whose start year lies outside the horizon, in one sentence each for the terminal summary and
 * report.html (docs/economics.md section 6). A hub started before the horizon is costed as if bought
 * at the horizon start (its capex then, its lifetime counted from then), not as already paid: the
 * model has no sunk costs, and an analyst with an existing hub should know that its NPV carries a
 * new hub's capex. A hub starting after the horizon has no year in it: no costs and no savings.
 */

/** At most this many terrains are named in a sentence; the rest are counted. */
const NAMED = 5;

/** A terrain of the rollout and its hub's start year (an input), as results.json's terrainEconomics rows give them. */
type Started = { readonly terrain: unknown; readonly hubStartYear?: unknown };

function named(rows: readonly { terrain: string; year: number }[]): string {
  const shown = rows.slice(0, NAMED).map((t) => `${t.terrain} (${t.year})`);
  return rows.length > NAMED ? `${shown.join(', ')} and ${rows.length - NAMED} more` : shown.join(', ');
}

/** The sentences for the terrains whose hub starts before or after the horizon [startYear, endYear]; none when every hub starts within it. */
export function hubStartNotes(rows: readonly Started[], startYear: number, endYear: number): string[] {
  const seen = new Map<string, number>();
  for (const r of rows) if (typeof r.terrain === 'string' && typeof r.hubStartYear === 'number' && !seen.has(r.terrain)) seen.set(r.terrain, r.hubStartYear);
  const all = [...seen].map(([terrain, year]) => ({ terrain, year }));
  const before = all.filter((t) => t.year < startYear);
  const after = all.filter((t) => t.year > endYear);
  const notes: string[] = [];
  if (before.length > 0) {
    notes.push(
      `hub start before the horizon: ${named(before)}: costed as bought at the start of ${startYear}, its capex then and its lifetime counted from then, not as already paid (docs/economics.md section 6)`,
    );
  }
  if (after.length > 0) notes.push(`hub start after the horizon: ${named(after)}: no hub within ${startYear}-${endYear}, so no costs and no savings`);
  return notes;
}
