import { describe, expect, it } from 'vitest';
import { PlanningLoad } from '../src/rollout/planning-load.js';
import { rng } from './support/random.js';

/*
 * A substation's planning load (src/rollout/planning-load.ts), added terrain by terrain as each run
 * ends, held to the definition in one pass over the steps: load_t = background_t + sum_k c_k(x_kt),
 * with c_k(x) = min(x, cap_k) under capacityRequests: unserved and x otherwise, and the served load
 * with min(x, cap_k) always, added in the terrains' order; its peak, the first step of it, and the
 * served peak. Terrains are drawn below, at and above their caps (peak exactly at the cap included),
 * with and without a cap, some in whole kW so that peaks tie, and the sums must match to the bit.
 */
describe('a substation\'s planning load', () => {
  it('matches the definition on random substations, in both ways of counting capacity requests', () => {
    let differs = 0;
    let ties = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const steps = 1 + Math.floor(r() * 200);
      const terrains = 1 + Math.floor(r() * 8);
      const unserved = r() < 0.5;
      // Whole kW in every other substation, so that peaks tie and the first step of the peak counts.
      const kw = seed % 2 === 0 ? (x: number): number => Math.round(x / 50) : (x: number): number => x;
      const background = Float64Array.from({ length: steps }, () => kw(1000 * r()));
      const grids = Array.from({ length: terrains }, () => Float64Array.from({ length: steps }, () => kw(600 * r() - 100)));
      const peaks = grids.map((g) => Math.max(0, ...g));
      const caps = peaks.map((p): number | null => {
        const u = r();
        return u < 0.2 ? null : u < 0.4 ? p : u < 0.7 ? p * (1 + r()) : p * r();
      });

      const load = new Float64Array(steps);
      const served = new Float64Array(steps);
      for (let t = 0; t < steps; t++) {
        load[t] = background[t];
        served[t] = background[t];
        for (let k = 0; k < terrains; k++) {
          const x = grids[k][t];
          const within = caps[k] === null ? x : Math.min(x, caps[k]!);
          load[t] += unserved ? within : x;
          served[t] += within;
        }
      }
      const peakKw = Math.max(...load);
      const planning = new PlanningLoad(new Float64Array(steps), background, unserved, () => new Float64Array(steps));
      grids.forEach((g, k) => planning.add(g, peaks[k], caps[k]));
      const got = planning.peaks();
      expect(Array.from(planning.load), `seed ${seed}`).toEqual(Array.from(load));
      expect(got.peakKw, `seed ${seed}`).toBe(peakKw);
      expect(got.peakStep, `seed ${seed}`).toBe(load.indexOf(peakKw));
      expect(got.servedPeakKw, `seed ${seed}`).toBe(Math.max(...served));
      if (Math.max(...served) !== peakKw) differs++;
      if (load.lastIndexOf(peakKw) !== load.indexOf(peakKw)) ties++;
    }
    // The draws reach substations whose served peak is below the planning peak.
    expect(differs).toBeGreaterThan(20);
    expect(ties).toBeGreaterThan(10);
  });
});
