import { describe, expect, it } from 'vitest';
import { sortedNetLoad } from '../src/strategies/day-net-load.js';
import { rng } from './support/random.js';

describe('a local day\'s net load, sorted (sortedNetLoad)', () => {
  it('is the day\'s demand - generation in the order of a stable sort, on 500 random days with ties and signed zeros', () => {
    const random = rng(31);
    for (let c = 0; c < 500; c++) {
      const steps = [23, 24, 25, 92, 96, 100, 288, 300][c % 8];
      const start = Math.floor(random() * 50);
      const demand = new Float64Array(start + steps + 10);
      const generation = new Float64Array(start + steps + 10);
      for (let t = 0; t < demand.length; t++) {
        // Whole kW from a small range, so many steps tie; a few -0 demands against 0 generation give -0.
        demand[t] = random() < 0.05 ? -0 : Math.floor(random() * 8) * 100;
        generation[t] = random() < 0.3 ? 0 : Math.floor(random() * 6) * 100;
      }
      const sorted = new Float64Array(steps + 7).fill(Number.NaN);
      sortedNetLoad(demand, generation, start, steps, sorted);
      const expected = Array.from({ length: steps }, (_, k) => demand[start + k] - generation[start + k]).sort((a, b) => a - b);
      // Object.is tells -0 from 0: a stable sort keeps equal values (either zero) in their order in time.
      for (let k = 0; k < steps; k++) expect(Object.is(sorted[k], expected[k]), `case ${c}, position ${k}`).toBe(true);
      // Nothing written past the day's n values.
      expect(Number.isNaN(sorted[steps])).toBe(true);
    }
  });
});
