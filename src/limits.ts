/*
 * Limits on what an input may ask for. A number beyond them is a typo or a unit mistake (W for kW,
 * a profile in mWh), never a hub this tool is for, and a size beyond them would allocate more memory
 * than the machine has before any result: both are refused with a coded error (exit 2) that names
 * the field, the value and the limit, before anything is allocated. The README's Errors section
 * lists them (generated from LIMITS).
 */

/** Power of one member, source, battery or cap (kW): 10 GW, above any Dutch grid connection. */
export const MAX_POWER_KW = 1e7;
/** Energy of a battery (kWh): 100 GWh. */
export const MAX_ENERGY_KWH = 1e8;
/** A value in a profile CSV, in its own unit (kW, MW or a shape): beyond it the file is not a profile. */
export const MAX_PROFILE_VALUE = 1e9;
/** Steps of one hub's axis: as many as a leap year of 1-minute steps (5 years of 5-minute steps, 60 of hourly). */
export const MAX_STEPS = 527_040;
/** Members of one hub. */
export const MAX_MEMBERS = 2_000;
/** Bytes of one data file (a profile CSV, or a series CSV read back). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
/**
 * Bytes of one results.json read back (hubsim report, compare, regress): a national rollout writes
 * some 360 MB. Just below V8's longest string (2^29 - 24 characters; a results.json is ASCII), which
 * the file is read into to be parsed.
 */
export const MAX_RESULTS_BYTES = 500 * 1024 * 1024;
/** Bytes of one YAML or JSON input (hub, scenario, sweep, baseline): parsing takes many times its size. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** Configurations of one sweep terrain (the product of the grid's lists). */
export const MAX_CONFIGURATIONS = 100_000;
/** Hub-years of one sweep (terrains x configurations x draws) or rollout (terrains x years x strategies x weather years). */
export const MAX_HUB_YEARS = 5_000_000;
/** A rollout's demand growth factor in any year it reads: a thousand times the hub files' demand, beyond any electrification. */
export const MAX_GROWTH_FACTOR = 1_000;

/** The limits as the README lists them: what, the limit, its unit, the error code. */
export const LIMITS: readonly { readonly what: string; readonly limit: number; readonly unit: string; readonly code: string }[] = [
  { what: 'power of a member, PV, wind, a cap or a battery, in any step', limit: MAX_POWER_KW, unit: 'kW', code: 'hub.absurdValue' },
  { what: 'capacity or background load of a rollout substation, in any step', limit: MAX_POWER_KW, unit: 'kW', code: 'rollout.absurdValue' },
  { what: 'energy of a battery', limit: MAX_ENERGY_KWH, unit: 'kWh', code: 'hub.absurdValue' },
  { what: 'magnitude of a value in a profile CSV (in its own unit)', limit: MAX_PROFILE_VALUE, unit: '', code: 'profile.absurdValue' },
  { what: 'steps of a hub axis (axis.steps)', limit: MAX_STEPS, unit: 'steps', code: 'hub.invalidField' },
  { what: 'members of a hub', limit: MAX_MEMBERS, unit: 'members', code: 'hub.invalidField' },
  { what: 'size of a hub, scenario, sweep or baseline file (YAML or JSON)', limit: MAX_DOCUMENT_BYTES, unit: 'bytes', code: 'input.tooLarge' },
  { what: 'size of a profile CSV, or of a series CSV read back', limit: MAX_FILE_BYTES, unit: 'bytes', code: 'input.tooLarge' },
  { what: 'size of a results.json read back (hubsim report, compare, regress)', limit: MAX_RESULTS_BYTES, unit: 'bytes', code: 'input.tooLarge' },
  { what: 'configurations per sweep terrain', limit: MAX_CONFIGURATIONS, unit: 'configurations', code: 'sweep.tooLarge' },
  { what: 'hub-years of a sweep (terrains x configurations x draws)', limit: MAX_HUB_YEARS, unit: 'hub-years', code: 'sweep.tooLarge' },
  { what: 'hub-years of a rollout (terrains x years x (strategies + reference) x weather years)', limit: MAX_HUB_YEARS, unit: 'hub-years', code: 'rollout.tooLarge' },
  { what: 'demand growth factor of a member kind in a rollout, in any year it reads (the horizon, the year before it, and the years its requests and plans look ahead)', limit: MAX_GROWTH_FACTOR, unit: 'x', code: 'rollout.absurdValue' },
];
