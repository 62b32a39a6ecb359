import { describe, expect, it } from 'vitest';
import { ShedBudget } from '../src/engine/shedding.js';
import { TOLERANCE_KW } from '../src/engine/tolerance.js';

/*
 * The shedding budget by hand: one flexible load of 50 kW that may be shed in 2 steps of a local day
 * (4 steps, all on day 0).
 */
describe('ShedBudget', () => {
  const load = { member: 'works', availableKw: new Float64Array(4).fill(50), maxStepsPerDay: 2, recoverSteps: 0 };
  const budget = (): ShedBudget => new ShedBudget([load], new Int32Array(4));

  it('sheds what is asked up to what is available, in at most maxStepsPerDay steps of a day', () => {
    const b = budget();
    expect(b.shed(0, 30)).toBe(30);
    expect(b.shed(1, 80)).toBe(50);
    // The day's two steps are spent.
    expect(b.shed(2, 10)).toBe(0);
  });

  it('a request within the tolerance is rounding, not load: it sheds nothing and spends no step of the day', () => {
    const b = budget();
    // 1e-13 kW: what a sum of a few thousand kW leaves above its level in the last bits.
    expect(b.shed(0, 1e-13)).toBe(0);
    expect(b.shed(1, TOLERANCE_KW)).toBe(0);
    // Both steps are still there for real requests.
    expect(b.shed(2, 20)).toBe(20);
    expect(b.shed(3, 20)).toBe(20);
  });
});
