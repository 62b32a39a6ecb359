/*
 * Column headers a person reads: the JSON name of a metric or column (`avoidedReinforcementPvEur`,
 * unit EUR) as words with its unit ("avoided reinforcement, present value (EUR)"). The JSON name stays
 * what results.json and the CSVs use; the report keeps it in data-name. Labels are derived from the
 * name and unit, so a column added to the results gets a readable header without a new entry here;
 * LABELS holds the few that read badly word by word.
 */

const LABELS: Readonly<Record<string, string>> = {
  mwFreedPerMEur: 'MW freed per EUR million of capex',
  benefitCostRatio: 'benefit-cost ratio',
  selfConsumptionRatio: 'self-consumption ratio',
  socEndKwh: 'stored energy at the end',
  acmUnderused: 'ACM: contracted capacity underused',
  peakReductionVsMemberPeaksKw: 'peak reduction vs the members\' own peaks',
  peakReductionVsMemberPeaksPct: 'peak reduction vs the members\' own peaks',
  sumOfMemberPeaksKw: 'sum of the members\' own peaks',
  hubsShortOfCapacity: 'hubs short of capacity',
};

/** Abbreviations and terms spelled as a reader knows them. */
const WORDS: Readonly<Record<string, string>> = {
  npv: 'NPV',
  gopacs: 'GOPACS',
  acm: 'ACM',
  kwmax: 'kWmax',
  kw: 'kW',
  kwh: 'kWh',
  mw: 'MW',
  pv: 'PV',
  eur: 'EUR',
  soc: 'state of charge',
};

/** The unit a name ends with, as written in names: dropped from the words, shown in brackets. */
const UNIT_SUFFIXES: readonly { tokens: readonly string[]; unit: string }[] = [
  { tokens: ['m', 'eur'], unit: 'MW/MEUR' },
  { tokens: ['eur'], unit: 'EUR' },
  { tokens: ['kwh'], unit: 'kWh' },
  { tokens: ['kwp'], unit: 'kWp' },
  { tokens: ['kw'], unit: 'kW' },
  { tokens: ['mw'], unit: 'MW' },
  { tokens: ['pct'], unit: '%' },
];

/** Units that say nothing a label does not already: ids, flags, counts, ratios, calendar years. */
const SILENT_UNITS = new Set(['', '-', 'bool', 'count', '1', 'year']);

/** The words of a camelCase name: `cbcAHoursCalled` -> cbc, a, hours, called. */
function tokens(name: string): string[] {
  return (name.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? [name]).map((t) => t.toLowerCase());
}

/**
 * The unit a JSON name implies by its suffix (`...Eur` EUR, `...Kw` kW, `...Year` a calendar year),
 * for a column whose definition the report does not have (a results.json from another hubsim).
 */
export function unitOfName(name: string): string {
  const t = tokens(name);
  if (t[t.length - 1] === 'year') return 'year';
  for (const s of UNIT_SUFFIXES) if (s.tokens.every((x, i) => t[t.length - s.tokens.length + i] === x)) return s.unit;
  return '';
}

/** The words of a name without its unit suffix, abbreviations spelled out. */
function words(name: string, unit: string): string {
  if (LABELS[name] !== undefined) return LABELS[name];
  let t = tokens(name);
  // annualCostEur in EUR/yr: the name says EUR, the unit adds the period.
  const suffix = UNIT_SUFFIXES.find((s) => (s.unit === unit || unit.startsWith(`${s.unit}/`)) && s.tokens.every((x, i) => t[t.length - s.tokens.length + i] === x));
  if (suffix !== undefined && t.length > suffix.tokens.length) t = t.slice(0, t.length - suffix.tokens.length);
  // In a money column "pv" is a present value (pvSocietyEur, avoidedReinforcementPvEur); elsewhere solar PV.
  const presentValue = unit.startsWith('EUR') && t.includes('pv');
  if (presentValue) t = t.filter((x) => x !== 'pv');
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) {
    // CBC-T and CBC-A: the two capacity-limiting contracts (cbcTHours, cbcAAvailabilityEur).
    if (t[i] === 'cbc' && (t[i + 1] === 't' || t[i + 1] === 'a')) out.push(`CBC-${t[++i].toUpperCase()}`);
    else out.push(WORDS[t[i]] ?? t[i]);
  }
  return `${out.join(' ')}${presentValue ? ', present value' : ''}`;
}

/** The unit as a header shows it: in brackets, unless silent or already a word of the label. */
export function unitSuffix(label: string, unit: string): string {
  if (SILENT_UNITS.has(unit) || label.split(/\s+/).includes(unit)) return '';
  return ` (${unit})`;
}

/** A header for a JSON name and its unit: words, "(input)" for a figure that restates an input, then the unit in brackets. */
export function humanLabel(name: string, unit: string, basis?: string): string {
  const w = words(name, unit);
  return `${w}${basis === 'input' ? ' (input)' : ''}${unitSuffix(w, unit)}`;
}
