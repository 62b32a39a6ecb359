import { z } from 'zod';
import { FileRef } from './series.js';

const scaling = {
  annualKwh: z.number().positive().optional().describe('Scale a shape to this energy per year (kWh/yr): the mean of the whole shape (file) becomes annualKwh / 8760 h (8784 h in a leap year of the axis).'),
  peakKw: z.number().positive().optional().describe('Scale a shape so that its maximum is this power (kW).'),
  meanKw: z.number().positive().optional().describe('Scale a shape so that its mean over its year is this power (kW).'),
};

/** A shipped, normalised shape (see profiles/README.md), scaled by exactly one of the scalings. */
export const ShapeProfile = z
  .strictObject({
    shape: z.string().min(1).describe('Id of a shipped shape: nedu-e3a, nedu-e3b, nedu-e3d (business), datacenter. The hub axis year picks the year.'),
    ...scaling,
  })
  .describe('A shipped shape scaled to this member.');

/** A CSV of absolute power (kW or MW) or energy per interval (kWh), or a normalised shape in a CSV scaled like a shipped shape. */
export const FileProfile = z
  .strictObject({
    ...FileRef.shape,
    unit: z
      .enum(['kW', 'MW', 'kWh', 'shape'])
      .describe('kW or MW: the file holds absolute power (the mean over each interval). kWh: energy per interval, as a meter export gives it (kWh per 15 minutes), read as mean power kWh / interval hours. shape: any normalised shape, scaled by annualKwh, peakKw or meanKw.'),
    ...scaling,
  })
  .describe('A member profile from a CSV file.');

/** A member's consumption: a constant kW, one kW value per step, a shipped shape, or a file. */
export const MemberProfile = z.union([
  z.number().describe('Constant consumption (kW); negative for a member that feeds in behind its meter.'),
  z.array(z.number()).min(1).describe('Consumption per step (kW), one value per step of the axis.'),
  ShapeProfile,
  FileProfile,
]);
export type MemberProfile = z.infer<typeof MemberProfile>;
