import { isDutchHoliday } from '../time/calendar.js';
import type { TimeBlock } from '../model/contract.js';
import { amsterdamWallMs } from '../time/amsterdam.js';
import { DAY_MS, stepMs, timeMsAt, type TimeAxis } from '../time/axis.js';

/** Local (Europe/Amsterdam) calendar facts of each step that time blocks select on. */
export interface StepCalendar {
  /** Month 1-12. */
  readonly month: Uint8Array;
  /** Hour of the local day, 0-23. */
  readonly hour: Uint8Array;
  /** 1 on Saturdays, Sundays and Dutch public holidays. */
  readonly weekend: Uint8Array;
  /**
   * The step's place in its local day by the wall clock: the steps of the axis's length since local
   * midnight (0-23 for hourly steps, 0-95 for 15-minute ones). A day of 23 hours lacks the slots of
   * 02:00-03:00, one of 25 has them twice; a forecast that copies another day reads it by slot.
   */
  readonly slot: Uint16Array;
}

/**
 * The calendar of an axis. Every run on a weather year's axis asks for the same one (the contract's
 * blocks, the flex settlement, the grid operator's hours), so it is made once per axis, by its start,
 * step and length, and shared: its columns are read, never written. The last AXES_KEPT axes are kept.
 */
export function stepCalendar(axis: TimeAxis): StepCalendar {
  const key = `${axis.startMs}|${axis.stepHours}|${axis.steps}`;
  let cal = calendars.get(key);
  if (cal === undefined) {
    if (calendars.size >= AXES_KEPT) calendars.delete(calendars.keys().next().value!);
    calendars.set(key, (cal = makeCalendar(axis)));
  }
  return cal;
}

/** How many axes' calendars stepCalendar keeps (a study has a few weather years, at one or two step lengths). */
const AXES_KEPT = 16;
const calendars = new Map<string, StepCalendar>();

function makeCalendar(axis: TimeAxis): StepCalendar {
  const n = axis.steps;
  const month = new Uint8Array(n);
  const hour = new Uint8Array(n);
  const weekend = new Uint8Array(n);
  const slot = new Uint16Array(n);
  const step = stepMs(axis);
  for (let t = 0; t < n; t++) {
    const wall = amsterdamWallMs(timeMsAt(axis, t));
    slot[t] = Math.floor((wall - Math.floor(wall / DAY_MS) * DAY_MS) / step);
    const d = new Date(wall);
    month[t] = d.getUTCMonth() + 1;
    hour[t] = d.getUTCHours();
    const dow = d.getUTCDay();
    weekend[t] = dow === 0 || dow === 6 || isDutchHoliday(wall) ? 1 : 0;
  }
  return { month, hour, weekend, slot };
}

/** Whether step t falls in the block: its month, its day type and local hours [fromHour, toHour). */
export function inBlock(cal: StepCalendar, t: number, b: TimeBlock): boolean {
  if (!b.months.includes(cal.month[t])) return false;
  if (b.days === 'weekday' && cal.weekend[t] === 1) return false;
  if (b.days === 'weekend' && cal.weekend[t] === 0) return false;
  return cal.hour[t] >= b.fromHour && cal.hour[t] < b.toHour;
}

/** 1 in the steps that fall in any of the blocks. */
export function blockMask(cal: StepCalendar, blocks: readonly TimeBlock[]): Uint8Array {
  const n = cal.hour.length;
  const mask = new Uint8Array(n);
  for (let t = 0; t < n; t++) for (const b of blocks) if (inBlock(cal, t, b)) mask[t] = 1;
  return mask;
}
