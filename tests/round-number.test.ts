import { describe, expect, it } from 'vitest';
import { roundedNumberText, roundNumber } from '../src/report/format.js';
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

  it('roundedNumberText is String(roundNumber(x)), JSON\'s text of the rounded number, on every side of its plain-decimal range', () => {
    const rand = mulberry32(21);
    const xs = [0, -0, 1e12, -1e12, 999_999_999_999.5, 999_999_999_999.4, 1e-6, -1e-6, 9.999999999995e-7, 9.9999999999949e-7, 1e21, 1e-7, 5e-324, 0.1 + 0.2, 2 ** 53, 123.5, -123.5];
    for (let k = 0; k < 50_000; k++) {
      const x = (rand() - 0.3) * 10 ** Math.floor(rand() * 40 - 15);
      xs.push(x, Math.round(x), x / 3, Number(x.toPrecision(12)) + (rand() - 0.5) * 1e-12 * Math.abs(x));
    }
    for (const x of xs) expect(roundedNumberText(x), `${x}`).toBe(JSON.stringify(roundNumber(x)));
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(roundedNumberText(x)).toBe('null');
  });
});
