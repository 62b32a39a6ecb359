import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { fail, quote } from '../errors.js';
import { recordKnown, sha256Hex, type InputRead } from '../provenance/ledger.js';
import { PROFILES_DIR } from './catalogue.js';

/*
 * The shipped table of the transport service (transportdienst) tariffs a large connection (> 3x80 A)
 * pays its DSO, under the regulated tariffs of the ACM tariff decisions ("ACM Tarievenbesluit
 * Elektriciteit <year>, tarievenblad <DSO>"; EUR excluding VAT; profiles/tariffs/dso-transport-nl.csv,
 * profiles/README.md), and its lookup by DSO, year and contracted capacity. A row holds one
 * category's rates:
 *
 *   vastrecht     fixed fee per connection, EUR/year
 *   contractRate  EUR per contracted kW (gecontracteerd transportvermogen) per year
 *   kwmaxRate     EUR per kW of kWmax (the highest 15-minute average import of a billing month) per month
 *   kWhRate       EUR per kWh of offtake (normal rate)
 *
 * What a connection pays under them is economics (economics/transport-cost.ts, economics/hub-tariff.ts).
 *
 * The category follows the contract, each bound exclusive below and inclusive above: LS up to 50 kW;
 * MS/LS up to 125 kW (Enexis), 136 kW (Liander) or 150 kW (Stedin); MS up to 1500 kW (Enexis, Stedin) or
 * 2 MW (Liander). Above the MS bound hubsim takes the HS/MS row: a business-park hub's collective
 * connection of a few MW is made on the MV busbar of an HV/MV station, the category "Trafo HS+TS/MS"
 * (Enexis: "HS/MS"). The real category depends on where the connection is made (TS, tussenspanning at
 * 25/50 kV, and HS rows are in the table too). A connection that contracts no import (0 kW: a member
 * that only feeds in, or never draws) is in the lowest category and pays its fixed fee.
 *
 * Tariffs are shipped for 2023-2026: a later year uses the 2026 tariffs (in real terms, no escalation
 * assumed), an earlier year the 2023 tariffs; the result's `year` says which year's tariffs were used.
 * The numbers are a transcription (GitHub Zenmo/zero_Interface-Loader) of the ACM tariff sheets, not
 * verified against the ACM xlsx.
 */

export type Dso = 'Liander' | 'Stedin' | 'Enexis';

export const DSOS: readonly Dso[] = ['Liander', 'Stedin', 'Enexis'];

/** The level of a tariff category: LS, MV/LV transformer, MS, TS (tussenspanning), HV/MV transformer, HS. */
export type TariffLevel = 'LS' | 'MS/LS' | 'MS' | 'TS' | 'HS/MS' | 'HS';

/** The transport tariff of one connection: its DSO, tariff year and category, and the rates. */
export interface TransportTariff {
  readonly dso: Dso;
  /** The year whose tariffs these are: the requested year clamped to the shipped 2023-2026. */
  readonly year: number;
  readonly requestedYear: number;
  /** The DSO's own category name, e.g. "MS", "MS-D" or "TS >2 MW". */
  readonly category: string;
  readonly level: TariffLevel;
  readonly vastrechtEurPerYear: number;
  readonly contractEurPerKwYear: number;
  readonly kwmaxEurPerKwMonth: number;
  /** Per kWh of offtake, the normal rate. */
  readonly energyEurPerKwh: number;
  /** The tariff sheet and the transcription the rates come from. */
  readonly source: string;
}

interface TariffRow {
  readonly dso: Dso;
  readonly year: number;
  readonly category: string;
  readonly level: TariffLevel;
  /** Contracted capacity above which the category applies (exclusive), kW. */
  readonly minKw: number;
  /** Contracted capacity up to which it applies (inclusive), kW; null when open-ended. */
  readonly maxKw: number | null;
  readonly vastrechtEurPerYear: number;
  readonly contractEurPerKwYear: number;
  readonly kwmaxEurPerKwMonth: number;
  readonly energyEurPerKwh: number;
  readonly source: string;
}

const TARIFF_FILE = 'tariffs/dso-transport-nl.csv';
/** The categories chosen by the contract alone; above the highest MS bound the HS/MS row applies. */
const CONTRACT_LADDER: readonly TariffLevel[] = ['LS', 'MS/LS', 'MS'];

let rows: readonly TariffRow[] | undefined;
let tableRead: InputRead | undefined;

/**
 * Read the shipped tariff table now, in this thread (which records it as an input of the work in
 * progress); the rollout does this before its workers start, which then read it again.
 */
export function useTariffTable(): void {
  tariffRows();
}

/**
 * The shipped tariff table, read once per process; every use records it as an input of the work in
 * progress (provenance), so `hubsim run`, `sweep` and `rollout` list it whenever a rate comes from it,
 * also when the process read it before that work began.
 */
function tariffRows(): readonly TariffRow[] {
  const table = readTariffRows();
  recordKnown(tableRead!);
  return table;
}

function readTariffRows(): readonly TariffRow[] {
  if (rows === undefined) {
    const path = `${PROFILES_DIR}${TARIFF_FILE}`;
    const bytes = readFileSync(path);
    tableRead = { absPath: path, sha256: sha256Hex(bytes), bytes: bytes.byteLength };
    const records = parse(bytes.toString('utf8'), { columns: true }) as Record<string, string>[];
    rows = records.map((r, i) => {
      // The file is generated and checked (scripts/build-profiles.mjs); a bad number is a bug, not a user error.
      const num = (column: string): number => {
        const x = Number(r[column]);
        if (r[column] === '' || !Number.isFinite(x)) throw new Error(`profiles/${TARIFF_FILE} line ${i + 2}: ${column} "${r[column]}" is not a number`);
        return x;
      };
      return {
        dso: r.dso as Dso,
        year: num('year'),
        category: r.category,
        level: r.level as TariffLevel,
        minKw: num('contract_min_kw'),
        maxKw: r.contract_max_kw === '' ? null : num('contract_max_kw'),
        vastrechtEurPerYear: num('vastrecht_eur_per_year'),
        contractEurPerKwYear: num('contract_eur_per_kw_year'),
        kwmaxEurPerKwMonth: num('kwmax_eur_per_kw_month'),
        energyEurPerKwh: num('kwh_eur_per_kwh'),
        source: `${r.source_document}; transcribed in ${r.transcribed_in}, not verified against the ACM xlsx`,
      };
    });
  }
  return rows;
}

/**
 * The transport tariff of a connection of `contractKw` contracted kW at `dso` in `year`: the LS, MS/LS
 * or MS category whose bounds hold the contract, the HS/MS category above the MS bound; the tariffs of the
 * year clamped to 2023-2026.
 * @example transportTariff('Liander', 2023, 1000) // MS: vastrecht 441, 21.84 EUR/kW/yr, 2.59 EUR/kW/month
 */
export function transportTariff(dso: Dso, year: number, contractKw: number): TransportTariff {
  if (!DSOS.includes(dso)) fail('tariff.unknownDso', { field: 'dso' }, `${quote(dso)} has no shipped tariffs; use one of ${DSOS.join(', ')}`);
  if (!Number.isInteger(year)) fail('tariff.badYear', { field: 'year' }, `${year} is not a calendar year; give a whole year such as 2025`);
  const years = tariffRows().map((r) => r.year);
  const tariffYear = Math.min(Math.max(year, Math.min(...years)), Math.max(...years));
  return categoryOf(dso, tariffYear, year, contractKw);
}

/**
 * The tariff of `dso` in exactly `year` (no substitute year), for a hub file's `tariff: { operator,
 * year }`; null when the shipped table has no rates for that operator and year (see shippedTariffs).
 */
export function transportTariffOfYear(dso: Dso, year: number, contractKw: number): TransportTariff | null {
  if (!tariffRows().some((r) => r.dso === dso && r.year === year)) return null;
  return categoryOf(dso, year, year, contractKw);
}

/** The operators and tariff years of the shipped table, e.g. "enexis 2023-2026, liander 2023-2026, stedin 2023-2026". */
export function shippedTariffs(): string {
  const byDso = new Map<Dso, number[]>();
  for (const r of tariffRows()) {
    const years = byDso.get(r.dso) ?? [];
    if (!years.includes(r.year)) years.push(r.year);
    byDso.set(r.dso, years);
  }
  return [...byDso]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([dso, years]) => {
      years.sort((a, b) => a - b);
      const consecutive = years.every((y, i) => i === 0 || y === years[i - 1] + 1);
      return `${dso.toLowerCase()} ${consecutive && years.length > 1 ? `${years[0]}-${years[years.length - 1]}` : years.join(', ')}`;
    })
    .join(', ');
}

/** The shipped DSO whose name is `name` in any letter case (a hub file writes `liander`); null when none is. */
export function dsoNamed(name: string): Dso | null {
  return DSOS.find((d) => d.toLowerCase() === name.toLowerCase()) ?? null;
}

/** The category row of `contractKw` at `dso` in the shipped year `tariffYear`. */
function categoryOf(dso: Dso, tariffYear: number, requestedYear: number, contractKw: number): TransportTariff {
  if (!(Number.isFinite(contractKw) && contractKw >= 0)) {
    fail('tariff.badContract', { field: 'contractKw' }, `a contracted capacity of ${contractKw} kW has no tariff category; give a number of kW >= 0`);
  }
  const year = requestedYear;
  const own = tariffRows().filter((r) => r.dso === dso && r.year === tariffYear);
  // No import contracted: the lowest category, whose lower bound (0 kW) is exclusive.
  const kw = Math.max(contractKw, Number.MIN_VALUE);
  const row =
    own.find((r) => CONTRACT_LADDER.includes(r.level) && r.maxKw !== null && kw > r.minKw && kw <= r.maxKw) ??
    own.find((r) => r.level === 'HS/MS');
  if (row === undefined) throw new Error(`profiles/${TARIFF_FILE}: no category for ${contractKw} kW at ${dso} ${tariffYear}`);
  return {
    dso,
    year: tariffYear,
    requestedYear: year,
    category: row.category,
    level: row.level,
    vastrechtEurPerYear: row.vastrechtEurPerYear,
    contractEurPerKwYear: row.contractEurPerKwYear,
    kwmaxEurPerKwMonth: row.kwmaxEurPerKwMonth,
    energyEurPerKwh: row.energyEurPerKwh,
    source: row.source,
  };
}
