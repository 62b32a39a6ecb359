/**
 * How many random hubs a property test draws: its own default in `npm test`, or every loop the count
 * in HUBSIM_PROPERTY_HUBS, which `node scripts/properties.mjs --hubs N` sets for a longer run (the
 * README's Tests section: 10,000 hubs by hand, a smaller count in CI).
 */
export function propertyHubs(fallback: number): number {
  const text = process.env.HUBSIM_PROPERTY_HUBS;
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`HUBSIM_PROPERTY_HUBS=${text} is not a count of hubs`);
  return n;
}

/** A property test's time limit: `ms` at its own count, an hour when a longer run sets the count. */
export function propertyTimeout(ms: number): number {
  return process.env.HUBSIM_PROPERTY_HUBS ? 3_600_000 : ms;
}
