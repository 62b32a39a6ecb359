import { fail, quote } from '../errors.js';

/**
 * The --design-year option of hubsim run, parsed by commander: a calendar year (1996-2099, the range
 * of a hub's axis year). Whether it lies before the year scored is checked once the hub is read.
 */
export function parseDesignYear(value: string): number {
  const year = Number(value);
  if (!Number.isInteger(year) || year < 1996 || year > 2099) fail('cli.badDesignYear', { field: '--design-year' }, `${quote(value)} is not a calendar year (1996-2099); give a year before the one scored, e.g. --design-year 2019`);
  return year;
}
