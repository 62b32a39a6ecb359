/**
 * Numbers in outputs. results.json keeps 12 significant digits (stable bytes, full precision for the
 * regression baselines); CSV files round further, to the resolution of each column's unit, so a
 * column never carries float noise (-4.65661287308e-10 EUR) or a negative zero; the terminal rounds
 * to what a reader needs, never shows "-0", and prints years as plain integers.
 */

/** 12 significant digits, so results are stable bytes without float noise. */
export function roundNumber(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  // A whole number of at most 12 digits is its own 12-digit form (counts, years, whole kW and EUR).
  if (Number.isInteger(x) && x < 1e12 && x > -1e12) return x;
  return Number(x.toPrecision(12));
}

/**
 * The JSON text of roundNumber(x) (String(roundNumber(x)): "null" for a number that is not finite, as
 * JSON writes it), without reading the rounded digits back first. Where toPrecision(12) writes x as a
 * plain decimal, its digits less the trailing zeros are the digits String writes for roundNumber(x):
 * String writes the shortest digits that read back to the number, and no other decimal of at most 15
 * significant digits reads back to the same number as these at most 12. Exponent forms (at or above
 * 1e12, below 1e-6) ask String.
 */
export function roundedNumberText(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  if (Number.isInteger(x) && x < 1e12 && x > -1e12) return String(x);
  const m = x < 0 ? -x : x;
  if (m >= 1e-6 && m < 1e12) {
    const text = x.toPrecision(12);
    // A whole 12-digit form has no point and no zeros to drop ("692392149940").
    if (!text.includes('e')) return text.includes('.') ? withoutTrailingZeros(text) : text;
  }
  return String(roundNumber(x));
}

/**
 * The resolution of each output unit in CSV files: the smallest step a value of that unit is written
 * with. One place for every CSV writer (metrics.csv, series-*.csv, the rollout tables, sweep.csv) and
 * the report drawn from series CSVs; tests/csv-resolution.test.ts checks that every numeric CSV
 * column's unit is listed. Powers of ten only.
 */
export const UNIT_RESOLUTION: Readonly<Record<string, number>> = {
  // Power and energy: a milliwatt and a milliwatt-hour, far below any meter's resolution.
  kW: 1e-6,
  kWh: 1e-6,
  kWp: 1e-6,
  MW: 1e-9,
  // Money: a cent.
  EUR: 0.01,
  'EUR/yr': 0.01,
  // A rate of money per hour (GOPACS bids) and a price per MWh, kept fine enough that a year's sums
  // recomputed from them meet the results' cents.
  'EUR/h': 1e-6,
  'EUR/MWh': 1e-6,
  // Time above a limit: a quarter-hour step is 0.25 h, a mean over weather years a fraction of it.
  h: 1e-6,
  '%': 1e-6,
  cycles: 1e-6,
  // Ratios (self-consumption, benefit-cost ratio, planning margin, a 0/1 flag) and capacity per money.
  '1': 1e-9,
  'MW/MEUR': 1e-9,
  // Counts: whole numbers, written to 1e-6 so that a mean over weather years is never cut.
  count: 1e-6,
  steps: 1e-6,
  days: 1e-6,
  members: 1e-6,
  years: 1e-6,
  // A calendar year and the violation bit field are integers.
  year: 1,
  bits: 1,
};

/** Decimals written for a unit (undefined: a unit without a resolution, written to 12 significant digits). */
export function unitDecimals(unit: string | undefined): number | undefined {
  if (unit === undefined) return undefined;
  if (decimalsOfUnit.has(unit)) return decimalsOfUnit.get(unit);
  const res = UNIT_RESOLUTION[unit];
  const d = res === undefined ? undefined : Math.max(0, Math.round(-Math.log10(res)));
  decimalsOfUnit.set(unit, d);
  return d;
}

/** unitDecimals of each unit asked for. */
const decimalsOfUnit = new Map<string, number | undefined>();

/** A number as a CSV file holds it: 12 significant digits, then rounded to its unit's resolution; never -0. */
export function csvNumber(x: number, unit?: string): number {
  return csvRounded(x, unitDecimals(unit));
}

/** csvNumber with the unit's decimals (undefined: 12 significant digits only). */
function csvRounded(x: number, d: number | undefined): number {
  if (!Number.isFinite(x)) return x;
  const v = d === undefined ? roundNumber(x) : Number(roundNumber(x).toFixed(d));
  return v === 0 ? 0 : v;
}

/**
 * The CSV text of a number: csvNumber written without exponent or trailing zeros, that is the text
 * of csvNumber's value to d decimals, less the zeros at its end (and the point when none is left).
 * Below 2^51 x 10^-d that text is the one csvNumber's value was parsed from: such a value has an ulp
 * below 10^-d, so it lies within half of 10^-d of that text and writes back to it (a zero written as
 * -0 is 0). A larger value is parsed and written again.
 */
function csvNumberText(x: number, unit?: string): string {
  const d = unitDecimals(unit);
  if (d === undefined || d === 0 || !Number.isFinite(x)) return String(csvRounded(x, d));
  // A whole number of at most 12 digits is its own rounded value, and its text has no decimals to drop.
  if (Number.isInteger(x) && x < 1e12 && x > -1e12) return String(x);
  const r = roundNumber(x);
  const fixed = r.toFixed(d);
  if (Math.abs(r) < exactBelow(d)) {
    const text = withoutTrailingZeros(fixed);
    return text === '-0' ? '0' : text;
  }
  const v = Number(fixed);
  if (v === 0) return '0';
  if (Math.abs(v) >= 1e21) return String(v);
  return withoutTrailingZeros(v.toFixed(d));
}

/** 2^51 x 10^-d, per number of decimals d. */
const exactBelowOf: number[] = [];
function exactBelow(d: number): number {
  return (exactBelowOf[d] ??= 2 ** 51 * 10 ** -d);
}

/** A number's text with decimals, less the zeros at its end and the point when no decimal is left. */
function withoutTrailingZeros(text: string): string {
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** A CSV cell: empty for null or a non-finite number, a number at its unit's resolution, text quoted when it needs it. */
export function csvCell(v: number | string | null, unit?: string): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? csvNumberText(v, unit) : '';
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * A figure for the terminal: `digits` decimals with thousands separators, x / `scale` (1e6 for MEUR),
 * '-' for none. Rounded before it is signed, so a tiny negative value shows as 0, never "-0" or "-0.00".
 */
export function fmt(x: number | null | undefined, digits = 0, scale = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  const r = Number((x / scale).toFixed(digits));
  return decimalsFormat(digits).format(r === 0 ? 0 : r);
}

/**
 * An amount of euros for a sentence or a table of mixed sizes: EUR 12.35M from a million, EUR 17.1k
 * from a thousand, else whole euros (EUR 292), so that a small figure beside a large one keeps its
 * digits instead of showing as EUR 0.00M.
 */
export function eurText(eur: number): string {
  const size = Math.abs(eur);
  // From where the smaller form would round to 1,000 of its unit.
  if (size >= 999_950) return `EUR ${fmt(eur, 2, 1e6)}M`;
  if (size >= 999.5) return `EUR ${fmt(eur, 1, 1e3)}k`;
  return `EUR ${fmt(eur, 0)}`;
}

/** The en-US format with exactly `digits` decimals, one per number of decimals (docs/performance.md, "The national rollout's main thread, profiled"). */
const formats = new Map<number, Intl.NumberFormat>();
function decimalsFormat(digits: number): Intl.NumberFormat {
  let f = formats.get(digits);
  if (f === undefined) formats.set(digits, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f;
}

/** A calendar year for the terminal: a plain integer (2027, never "2,027"); '-' for none. */
export function fmtYear(y: number | null | undefined): string {
  return y === null || y === undefined || !Number.isFinite(y) ? '-' : String(Math.round(y));
}

/**
 * The most fraction digits a unit is shown with: its resolution. An amount of money to the cent;
 * energy, power, time, shares and prices per unit (a tariff's EUR/kWh or EUR/kW/yr) to a millionth
 * (the resolution of the results' energy balance); a count whole.
 */
function shownUnitDigits(unit: string): number {
  if (isMoneyAmount(unit)) return 2;
  if (unit === 'count' || unit === 'steps' || unit === 'members') return 0;
  return 6;
}

/** Money as an amount: EUR, or EUR per year (a year's cost or saving). */
function isMoneyAmount(unit: string): boolean {
  return unit === 'EUR' || unit === 'EUR/yr';
}

/** Money per unit of something else: a price or tariff rate (EUR/kWh, EUR/kW/month, EUR/kWp, ...). */
function isPrice(unit: string): boolean {
  return unit.startsWith('EUR/') && !isMoneyAmount(unit);
}

/** Fraction digits shown for a number of this size: whole kW and EUR from 100 up, three significant digits below. */
function shownDigits(v: number): number {
  const a = Math.abs(v);
  if (Number.isInteger(v) || a >= 100) return 0;
  if (a >= 10) return 1;
  if (a >= 1) return 2;
  return a === 0 ? 0 : Math.min(6, 2 - Math.floor(Math.log10(a)));
}

/**
 * A number as a reader wants it in a table of mixed sizes (the HTML reports, compare's terminal
 * tables): rounded to its size and to its unit's resolution, with thousands separators; a calendar
 * year (unit year) as it is written, 2026 not 2,026; a value that rounds to zero as 0, never -0;
 * '-' for none.
 */
export function shownText(v: number | null, unit = ''): string {
  if (v === null) return '-';
  if (!Number.isFinite(v)) return String(v);
  if (unit === 'year' && Number.isInteger(v)) return String(v);
  // A price per unit is an input rate or a rate worked out from inputs: shown to the cent at least
  // (EUR 35.04/kW/yr, not 35), and to three significant digits below a cent (EUR 0.0356/kWh).
  const d = isPrice(unit) ? Math.max(2, shownDigits(v)) : Math.min(shownDigits(v), shownUnitDigits(unit));
  return positiveZero(v.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: d }));
}

/** A number's text that rounded to zero from below ("-0", "-0.00") as zero: a reader sees no sign on nothing. */
export function positiveZero(text: string): string {
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
