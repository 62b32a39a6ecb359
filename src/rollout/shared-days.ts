import { hubOf, type ResolvedHub } from '../model/resolved.js';
import { PairMap } from './keys.js';

/*
 * Every hub on one time axis has the same local days (Europe/Amsterdam, with their 23- and 25-hour
 * days): the same first step of each day (dayStarts) and day of each step (dayIndex). A worker's
 * terrain hubs each hold their own copy of these columns, as each hub is resolved and posted on its
 * own; what is derived from an axis's days and kept per copy (a peak shaver's billing month of each
 * day, strategies/peak-shaving.ts dayMonths) is then derived once per terrain instead of once per
 * axis. A hub made here holds the first copy seen on its axis, when it has the same days.
 */

/** The first day columns seen per axis: by its start (ms), then by its step length (h) and number of steps. */
const daysByAxis = new Map<number, PairMap<{ readonly dayStarts: Int32Array; readonly dayIndex: Int32Array }>>();
const sharing = new WeakMap<ResolvedHub, ResolvedHub>();

/** `hub` with the day columns of its axis that every hub made here shares (one hub per hub given). */
export function withSharedDays(hub: ResolvedHub): ResolvedHub {
  let out = sharing.get(hub);
  if (out !== undefined) return out;
  const { startMs, stepHours, steps } = hub.axis;
  let ofStart = daysByAxis.get(startMs);
  if (ofStart === undefined) daysByAxis.set(startMs, (ofStart = new PairMap()));
  const days = ofStart.get(stepHours, steps);
  if (days === undefined) ofStart.set(stepHours, steps, { dayStarts: hub.dayStarts, dayIndex: hub.dayIndex });
  const shares = days !== undefined && (days.dayStarts !== hub.dayStarts || days.dayIndex !== hub.dayIndex) && same(days.dayStarts, hub.dayStarts) && same(days.dayIndex, hub.dayIndex);
  out = shares ? hubOf({ ...hub, dayStarts: days.dayStarts, dayIndex: days.dayIndex }) : hub;
  sharing.set(hub, out);
  return out;
}

function same(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
