import type { ResolvedHub } from '../model/resolved.js';

/*
 * Dutch transport tariffs (kWmax) and transport contracts measure the highest 15-minute mean power of a
 * connection: the PTU (programme time unit) maximum. hubsim's peaks, monthly maxima and cap checks are
 * the highest step of the axis, so they are PTU maxima only when the axis has 15-minute steps and the
 * members' consumption data have them too. Hourly data repeated over 15-minute steps have no peaks
 * within the hour, and an hourly axis knows only hourly means: either way the PTU maximum is at least
 * the peak reported, and can be higher.
 */

/** The PTU length (min). */
export const PTU_MINUTES = 15;

/** How finely the run knows its peaks: results.json hub.peakResolution. */
export interface PeakResolution {
  /** Step length of the axis (min). */
  readonly axisStepMinutes: number;
  /** Time resolution of the members' consumption data (min): the longest input step, at least the axis step. */
  readonly demandStepMinutes: number;
  /** true when both are 15 minutes or finer: peaks, kWmax and cap checks are PTU maxima. */
  readonly ptuMaximum: boolean;
  /** One sentence for the terminal table and the report. */
  readonly note: string;
}

export function peakResolution(hub: ResolvedHub): PeakResolution {
  const axisStepMinutes = hub.axis.stepHours * 60;
  const demandStepMinutes = Math.max(axisStepMinutes, hub.demandStepMinutes ?? axisStepMinutes);
  const ptuMaximum = demandStepMinutes <= PTU_MINUTES;
  return { axisStepMinutes, demandStepMinutes, ptuMaximum, note: peakNote(axisStepMinutes, demandStepMinutes) };
}

/** The sentence saying what the peaks of a run are, from the axis step and the demand data's step (min). */
export function peakNote(axisStepMinutes: number, demandStepMinutes: number): string {
  if (demandStepMinutes <= PTU_MINUTES) {
    return axisStepMinutes === PTU_MINUTES
      ? 'peaks: 15-minute data on a 15-minute axis: peaks, kWmax and cap checks use the PTU (15-minute) maximum, as Dutch tariffs and contracts do'
      : `peaks: ${axisStepMinutes}-minute data on a ${axisStepMinutes}-minute axis, finer than the 15-minute PTU: a peak is the highest ${axisStepMinutes}-minute mean, at least the PTU maximum Dutch tariffs and contracts use`;
  }
  if (axisStepMinutes > PTU_MINUTES) {
    return `peaks: ${axisStepMinutes}-minute axis: peaks, kWmax and cap checks use ${axisStepMinutes}-minute means; the PTU (15-minute) maximum Dutch tariffs and contracts use is not known and can be higher`;
  }
  return `peaks: the members' consumption data have ${demandStepMinutes}-minute steps, repeated on the ${axisStepMinutes}-minute axis: no peaks within the ${demandStepMinutes === 60 ? 'hour' : `${demandStepMinutes} minutes`}, so the PTU (15-minute) maxima reported can be below the real ones`;
}
