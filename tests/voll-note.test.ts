// The sentence under a rollout's totals on how much of the society NPV rests on the value of lost
// load (src/report/voll-note.ts, docs/economics.md section 7), on totals made by hand; the default
// scenario's is checked against its terrains in tests/rollout-economics.test.ts.
import { describe, expect, it } from 'vitest';
import { vollNote } from '../src/report/voll-note.js';

/** Totals rows as results.json has them (any figures). */
const rows = (...r: ({ strategy: string } & Record<string, unknown>)[]): { strategy: string }[] => r;
const bound = (s: string): string => (s === 'optimal' ? 'optimal (bound)' : s);

describe('the note on the value of lost load', () => {
  it('gives the range of the NPVs and the lowest and highest NPV without the value of lost load, with their strategies', () => {
    const note = vollNote(
      rows(
        // By hand: 50 - (193 - 10) = -133; -327 - (-184 + 0) = -143; 622 - (765 - 2) = -141 (EUR M).
        { strategy: 'peak-shaving', npvSocietyEur: 50e6, avoidedUnservedPvEur: 193e6, lostShedPvEur: -10e6 },
        { strategy: 'congestion', npvSocietyEur: -327e6, avoidedUnservedPvEur: -184e6, lostShedPvEur: 0 },
        { strategy: 'optimal', npvSocietyEur: 622e6, avoidedUnservedPvEur: 765e6, lostShedPvEur: -2e6 },
      ),
      bound,
    );
    expect(note).toBe(
      'the society NPVs run from EUR -327.00M to EUR 622.00M; without the part that rests on the value of lost load (of which VoLL) they lie between ' +
        'EUR -143.00M (congestion) and EUR -133.00M (peak-shaving): the rest is energy served or not, priced at the value of lost load, an upper range for load that waits for a connection (docs/economics.md sections 7 and 8)',
    );
  });

  it('says it of a single strategy in its own words, and reads a missing lostShedPvEur (files before it was priced) as none', () => {
    // By hand: 1.2 - 8.9 = -7.7 (EUR M).
    expect(vollNote(rows({ strategy: 'optimal', npvSocietyEur: 1.2e6, avoidedUnservedPvEur: 8.9e6 }), bound)).toBe(
      'the society NPV of optimal (bound) is EUR 1.20M, of which EUR 8.90M rests on the value of lost load; without it, EUR -7.70M: ' +
        'the rest is energy served or not, priced at the value of lost load, an upper range for load that waits for a connection (docs/economics.md sections 7 and 8)',
    );
  });

  it('is absent when no strategy rests on the value of lost load by EUR 5,000 or more, and leaves out a row whose figures are not numbers', () => {
    expect(vollNote(rows({ strategy: 'a', npvSocietyEur: -3e6, avoidedUnservedPvEur: 4_000, lostShedPvEur: -3_000 }), bound)).toBeNull();
    expect(vollNote(rows({ strategy: 'a', npvSocietyEur: -3e6, avoidedUnservedPvEur: 6_000, lostShedPvEur: -6_000 }), bound)).toBeNull();
    expect(vollNote(rows({ strategy: 'a', npvSocietyEur: -2_995_000, avoidedUnservedPvEur: 5_000, lostShedPvEur: 0 }), bound)).toContain('without it, EUR -3.00M');
    expect(vollNote(rows({ strategy: 'a', npvSocietyEur: 'abc', avoidedUnservedPvEur: 9e6 }), bound)).toBeNull();
    const one = vollNote(
      rows(
        { strategy: 'a', npvSocietyEur: null, avoidedUnservedPvEur: 9e6 },
        { strategy: 'b', npvSocietyEur: 2e6, avoidedUnservedPvEur: 9e6 },
      ),
      bound,
    );
    expect(one).toContain('the society NPV of b is EUR 2.00M');
  });
});
