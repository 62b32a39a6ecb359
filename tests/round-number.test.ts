import { describe, expect, it } from 'vitest';
import { roundNumber } from '../src/report/format.js';
import { mulberry32 } from '../src/random.js';

/*
 * results.json keeps 12 significant digits: roundNumber(x) is Number(x.toPrecision(12)), with -0 as 0
 * and non-finite numbers as they are. Whole numbers of at most 12 digits take a shortcut (they are
 * their own 12-digit form); checked here against the definition on both sides of that bound.
 */
describe('roundNumber', () => {
  it('is Number(x.toPrecision(12)) for whole and fractional numbers around 12 digits', () => {
    const rand = mulberry32(12);
    const xs = [1e12, -1e12, 1e12 - 1, -(1e12 - 1), 999_999_999_999.5, 1e12 + 1, 2 ** 53, 123_456_789_012.4, 1, -1, 0.1 + 0.2];
    for (let k = 0; k < 20_000; k++) {
      const whole = Math.floor(rand() * 10 ** Math.floor(rand() * 16)) * (rand() < 0.5 ? -1 : 1);
      xs.push(whole, whole / 7, whole + 0.5);
    }
    for (const x of xs) {
      const want = Number(x.toPrecision(12));
      expect(Object.is(roundNumber(x), want === 0 ? 0 : want), `${x}`).toBe(true);
    }
    expect(Object.is(roundNumber(-0), 0)).toBe(true);
    expect(roundNumber(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(roundNumber(Number.NaN)).toBeNaN();
  });
});
