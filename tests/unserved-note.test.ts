// The note that explains a terrain's avoided unserved energy below 0 (src/report/unserved-note.ts), on
// small inputs made by hand; the default scenario's notes are checked in tests/rollout-economics.test.ts.
import { describe, expect, it } from 'vitest';
import { MAX_NOTED_TERRAINS, unservedBelowZeroNote, type UnservedNoteInput } from '../src/report/unserved-note.js';

const years = [2030, 2031, 2032, 2033];

/** One substation "s"; terrain t's grant per year, without hubs and with strategy "ps"; the substation's capacity in service likewise. */
function input(terrains: { terrain: string; avoidedUnservedEur: number; grantRef: number[]; grantPs: number[] }[], inServiceRef: number[], inServicePs: number[]): UnservedNoteInput {
  return {
    years,
    terrainEconomics: terrains.map((t) => ({ terrain: t.terrain, substation: 's', strategy: 'ps', avoidedUnservedEur: t.avoidedUnservedEur })),
    terrainYears: terrains.flatMap((t) =>
      years.flatMap((year, k) => [
        { terrain: t.terrain, strategy: 'without-hubs', year, grantedCapKw: t.grantRef[k] },
        { terrain: t.terrain, strategy: 'ps', year, grantedCapKw: t.grantPs[k] },
      ]),
    ),
    substationYears: years.flatMap((year, k) => [
      { substation: 's', strategy: 'without-hubs', year, capacityInServiceKw: inServiceRef[k] },
      { substation: 's', strategy: 'ps', year, capacityInServiceKw: inServicePs[k] },
    ]),
  };
}

describe('the note on avoided unserved energy below 0', () => {
  it('names a terrain granted less, with the largest cut, its years as runs and the substation\'s capacity in service', () => {
    const note = unservedBelowZeroNote(
      input([{ terrain: 'campus', avoidedUnservedEur: -12_345_678, grantRef: [1000, 1500, 1500, 2000], grantPs: [1000, 1200, 1400, 1600] }], [5000, 6000, 6000, 8000], [5000, 5000, 6000, 7000]),
      'ps',
    );
    // By hand: cuts 300 (2031), 100 (2032), 400 (2033): up to 400 kW in 2031-2033; in service 1,000 kW less in 2031 and 2033.
    expect(note).toBe(
      'avoided unserved energy below 0: campus (EUR -12.35M): granted up to 400 kW less import cap than without hubs in 2031-2033, s having up to 1,000 kW less in service. ' +
        'A strategy that lowers the load served can defer a reinforcement step while a capacity request waits, and the request then waits longer, on any terrain of the substation (docs/economics.md section 4)',
    );
  });

  it('says the terrain\'s own import rose when its grant was the same; no substation part when its capacity in service was not lower', () => {
    const same = unservedBelowZeroNote(input([{ terrain: 'park', avoidedUnservedEur: -20_000, grantRef: [900, 900, 900, 900], grantPs: [900, 900, 900, 900] }], [5000, 5000, 5000, 5000], [5000, 5000, 5000, 5000]), 'ps');
    expect(same).toBe('avoided unserved energy below 0: park (EUR -0.02M): its own import above the granted cap rose (granted as without hubs)');
    const roomOnly = unservedBelowZeroNote(input([{ terrain: 'park', avoidedUnservedEur: -20_000, grantRef: [900, 1000, 900, 1000], grantPs: [900, 900, 900, 900] }], [5000, 5000, 5000, 5000], [5000, 5000, 5000, 5000]), 'ps');
    expect(roomOnly).toContain('park (EUR -0.02M): granted up to 100 kW less import cap than without hubs in 2031, 2033. A strategy');
  });

  it('is absent at or above the tables\' rounding (EUR -0.005M) and names at most MAX_NOTED_TERRAINS terrains, the largest shortfall first', () => {
    const flat = [1000, 1000, 1000, 1000];
    expect(unservedBelowZeroNote(input([{ terrain: 'a', avoidedUnservedEur: -4_999, grantRef: flat, grantPs: flat }], flat, flat), 'ps')).toBeNull();
    expect(unservedBelowZeroNote(input([{ terrain: 'a', avoidedUnservedEur: 1e6, grantRef: flat, grantPs: flat }], flat, flat), 'ps')).toBeNull();
    const many = Array.from({ length: MAX_NOTED_TERRAINS + 2 }, (_, k) => ({ terrain: `t${k}`, avoidedUnservedEur: -1e6 * (k + 1), grantRef: flat, grantPs: flat }));
    const note = unservedBelowZeroNote(input(many, flat, flat), 'ps')!;
    const order = [...note.matchAll(/t(\d+) \(/g)].map((m) => Number(m[1]));
    expect(order).toEqual([6, 5, 4, 3, 2]);
    expect(note.endsWith('; and 2 more terrains')).toBe(true);
  });
});
