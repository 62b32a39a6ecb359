import { z } from 'zod';

/** A reference to a CSV profile file, relative to the hub file. */
export const FileRef = z.strictObject({
  file: z.string().min(1).describe('Path of a CSV file, relative to the hub file: a time column and a value column, one row per step.'),
  column: z.string().min(1).optional().describe('The value column; may be omitted when the file has one column besides the time.'),
  timezone: z
    .enum(['UTC', 'Europe/Amsterdam'])
    .default('UTC')
    .describe('How timestamps without an offset are read. Europe/Amsterdam handles the 23- and 25-hour days; timestamps with Z or +01:00 are always exact.'),
});
export type FileRef = z.infer<typeof FileRef>;

/**
 * A power series field: a constant, one value per step, or a CSV file. It is broadcast to a
 * Float64Array of the axis length once, when the hub is loaded.
 */
export const PowerSeries = z.union([
  z.number().nonnegative(),
  z.array(z.number().nonnegative()).min(1),
  FileRef,
]);
export type PowerSeries = z.infer<typeof PowerSeries>;
