import { mulberry32 } from '../random.js';
import type { DayKeys } from './day-keys.js';

/**
 * A synthetic weather year: for every UTC day of the target calendar, the real day whose columns it
 * takes (load, PV, wind, temperature and prices of one real day stay together).
 */
export interface WeatherDraw {
  /** Index into the source years, per target day. */
  readonly sourceYear: Uint8Array;
  /** UTC day of that source year, per target day. */
  readonly sourceDay: Int32Array;
}

export type BlockKind = 'day' | 'week';

/**
 * Seed of draw `index` of a sweep seeded `seed`: a 32-bit mix (the splitmix32 finaliser), so that
 * draw 7 is the same whether it is made first or 7th, in any thread or on any machine.
 */
export function drawSeed(seed: number, index: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aab5) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97) >>> 0;
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * Days are pooled by key (season, day type, UTC offset) over all source years. The draw is a
 * seeded block bootstrap:
 *
 * - block 'week': target days are cut into 7-day blocks from 1 January. Each block picks a source
 *   year and a start day of the same season and weekday as the block's first day (so Mondays land on
 *   Mondays and weather spells of up to a week stay intact) and copies the following days. A copied
 *   day whose key differs from its target day's (a holiday on one side only, a season boundary or a
 *   daylight-saving switch inside the week) is replaced by a random day of the target day's key.
 * - block 'day': every target day picks a random source day of its own key.
 *
 * The same target calendar, source years, seed, index and stream give the same draw. `stream` 0 is
 * the synthetic year itself; another stream of the same seed and index is a draw independent of it
 * (a sweep draws the year before each synthetic year as stream 1: sweep/year-before.ts).
 */
export function drawWeatherYear(target: DayKeys, sources: readonly DayKeys[], seed: number, index: number, block: BlockKind = 'week', stream = 0): WeatherDraw {
  const random = mulberry32(stream === 0 ? drawSeed(seed, index) : drawSeed(drawSeed(seed, index), stream));
  const pick = (n: number): number => Math.min(n - 1, Math.floor(random() * n));
  let cached = indexCache.get(sources);
  if (cached === undefined) indexCache.set(sources, (cached = { pools: poolsByKey(sources), starts: weekStarts(sources) }));
  const pools = cached.pools;
  const starts = block === 'week' ? cached.starts : undefined;
  const sourceYear = new Uint8Array(target.days);
  const sourceDay = new Int32Array(target.days);
  const fromPool = (d: number): void => {
    const pool = pools.get(target.key[d]);
    if (pool === undefined) throw new Error(`no source day for key ${target.key[d]} (target day ${d}): the source years do not cover this season and day type`);
    const p = pool[pick(pool.length)];
    sourceYear[d] = p >> 16;
    sourceDay[d] = p & 0xffff;
  };
  if (starts === undefined) {
    for (let d = 0; d < target.days; d++) fromPool(d);
    return { sourceYear, sourceDay };
  }
  const firstWeekday = new Date(Date.UTC(target.year, 0, 1)).getUTCDay();
  for (let b = 0; b < target.days; b += 7) {
    const weekday = (firstWeekday + b) % 7;
    const candidates = starts.get(((target.key[b] >> 2) << 3) | weekday);
    if (candidates === undefined) {
      for (let d = b; d < Math.min(target.days, b + 7); d++) fromPool(d);
      continue;
    }
    const start = candidates[pick(candidates.length)];
    const y = start >> 16;
    const s = start & 0xffff;
    for (let k = 0; k < 7 && b + k < target.days; k++) {
      if (sources[y].key[s + k] === target.key[b + k]) {
        sourceYear[b + k] = y;
        sourceDay[b + k] = s + k;
      } else fromPool(b + k);
    }
  }
  return { sourceYear, sourceDay };
}

// The pools depend only on the source years: built once per source list, not per draw.
const indexCache = new WeakMap<readonly DayKeys[], { pools: Map<number, number[]>; starts: Map<number, number[]> }>();

/** Source days by key, each packed as year index << 16 | day, in a fixed order. */
function poolsByKey(sources: readonly DayKeys[]): Map<number, number[]> {
  const pools = new Map<number, number[]>();
  sources.forEach((s, y) => {
    for (let d = 0; d < s.days; d++) {
      let pool = pools.get(s.key[d]);
      if (pool === undefined) pools.set(s.key[d], (pool = []));
      pool.push((y << 16) | d);
    }
  });
  return pools;
}

/** Possible starts of a 7-day source block (the whole week inside its year), by season << 3 | weekday. */
function weekStarts(sources: readonly DayKeys[]): Map<number, number[]> {
  const starts = new Map<number, number[]>();
  sources.forEach((s, y) => {
    const firstWeekday = new Date(Date.UTC(s.year, 0, 1)).getUTCDay();
    for (let d = 0; d + 7 <= s.days; d++) {
      const k = ((s.key[d] >> 2) << 3) | ((firstWeekday + d) % 7);
      let list = starts.get(k);
      if (list === undefined) starts.set(k, (list = []));
      list.push((y << 16) | d);
    }
  });
  return starts;
}
