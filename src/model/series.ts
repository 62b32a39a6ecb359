import { z } from 'zod';

/**
 * How a profile CSV is read: a meter export as it comes from a grid operator's or metering company's
 * portal (semicolon separators, decimal commas, separate date and time columns in local time,
 * interval-end labels, the odd missing interval) or a plain UTC file. Every field has a default that
 * reads the plain file, and the separator and decimal mark are detected when not given.
 */
export const CsvOptions = {
  delimiter: z
    .enum([',', ';', '\t', '|'])
    .optional()
    .describe('Field separator. Default: detected from the header line (the most frequent of ; tab , and |).'),
  decimal: z
    .enum(['.', ','])
    .optional()
    .describe('Decimal mark of the values. Default: "," when the separator is not a comma and a value holds a comma (then "." may group thousands: 1.234,5), else ".".'),
  time: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1).max(3)])
    .optional()
    .describe('The column holding the timestamp, or the columns whose cells joined by a space make it ([Datum, Tijd]). Default: a column named time_utc, time, timestamp, datetime or date_time; else a date column (date, datum) with a time column (time, tijd); else the first column.'),
  dayFirst: z
    .boolean()
    .optional()
    .describe('Dates not written year first: true for day-month-year (31-12-2023, 31/12/2023, 31.12.2023), false for month/day/year. Default: detected from a day above 12; with none, day first for dates with dashes or dots, and a file with slashes must say.'),
  label: z
    .enum(['start', 'end'])
    .default('start')
    .describe('Whether a row\'s timestamp is the start of its interval (00:00 for 00:00-00:15) or its end (00:15; 24:00 is read as the next day\'s 00:00).'),
  fill: z
    .enum(['linear', 'previous', 'zero'])
    .optional()
    .describe('Missing intervals (rows absent between two others, or an empty value cell): refused with their count and the first one unless set. linear: interpolated between the values either side; previous: the last value before; zero: 0. Filled steps are counted in results.json (hub.filledSteps) and printed.'),
  reuseYear: z
    .boolean()
    .default(false)
    .describe('Map a file of one metered year onto any other year of the axis (each weather year of a rollout or sweep): each step takes the value at the same Europe/Amsterdam local time on the day of the metered year with the same weekday nearest the same day of the year (README: Meter data).'),
};

/** A reference to a CSV profile file, relative to the hub file. */
export const FileRef = z.strictObject({
  file: z.string().min(1).describe('Path of a CSV file, relative to the hub file: a time column and a value column, one row per step. Read with the CSV options of README: Meter data (delimiter, decimal, time, dayFirst, label, fill, reuseYear).'),
  column: z.string().min(1).optional().describe('The value column; may be omitted when the file has one column besides the time.'),
  timezone: z
    .enum(['UTC', 'Europe/Amsterdam'])
    .default('UTC')
    .describe('How timestamps without an offset are read. Europe/Amsterdam handles the 23- and 25-hour days; timestamps with Z or +01:00 are always exact.'),
  ...CsvOptions,
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
