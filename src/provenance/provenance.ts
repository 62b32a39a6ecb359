import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.js';
import type { Assumption } from './assumptions.js';
import type { Ledger } from './ledger.js';

/*
 * Provenance of a results.json: which hubsim made it, with which command, from which files (each with
 * the SHA-256 of the bytes read) and on which assumptions. It holds nothing that differs between two
 * clones or two runs of the same inputs: no time, no host, no absolute path. A user's file is named
 * relative to the working directory (a baseline's, relative to the baseline folder, as baseline.json
 * names its input); a file shipped with hubsim (profiles/) relative to the package root, marked
 * `shipped`.
 */

/** The package root (the folder of package.json), found from this module in src/ and dist/ alike. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface InputFile {
  /** Relative to the working directory, or (shipped) to hubsim's package root; '/' separators. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /** A file shipped with hubsim (profiles/), not one of the user's. */
  readonly shipped: boolean;
}

export interface Provenance {
  readonly hubsimVersion: string;
  readonly command: readonly string[];
  readonly inputs: readonly InputFile[];
  readonly assumptions: readonly Assumption[];
}

const slashes = (p: string): string => p.split(sep).join('/');

/** A path as provenance writes it: relative to `base` (the working directory by default). */
export function shownPath(path: string, base = process.cwd()): string {
  const rel = relative(resolve(base), resolve(path));
  return isAbsolute(rel) ? slashes(rel) : slashes(rel) || '.';
}

/** An absolute path as an input: shipped (under the package's profiles/) or the user's. */
function inputFile(absPath: string, sha256: string, bytes: number, base: string): InputFile {
  const fromRoot = relative(PACKAGE_ROOT, absPath);
  const shipped = !isAbsolute(fromRoot) && slashes(fromRoot).startsWith('profiles/');
  return { path: shipped ? slashes(fromRoot) : shownPath(absPath, base), sha256, bytes, shipped };
}

/** The inputs a ledger recorded, the user's files first, each group sorted by path. */
export function inputsOf(ledger: Ledger, base = process.cwd()): InputFile[] {
  const files = [...ledger.inputs.values()].map((r) => inputFile(r.absPath, r.sha256, r.bytes, base));
  return files.sort((a, b) => Number(a.shipped) - Number(b.shipped) || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.sha256 < b.sha256 ? -1 : 1));
}

/**
 * The price years used, as assumptions: per weather year, the year whose day-ahead (or imbalance)
 * prices priced it, and whether that is a stated substitute (no prices of the weather year shipped).
 */
export function priceYearAssumptions(ledger: Ledger, sourceOf: (series: 'day-ahead' | 'imbalance', priceYear: number) => string): Assumption[] {
  const uses = [...ledger.priceYears.values()].sort((a, b) => (a.series < b.series ? -1 : a.series > b.series ? 1 : a.weatherYear - b.weatherYear));
  return uses.map((u) => ({
    name: `prices.${u.series === 'day-ahead' ? 'dayAhead' : 'imbalance'}.priceYear[weatherYear=${u.weatherYear}]`,
    value: u.priceYear,
    unit: 'year',
    source:
      u.priceYear === u.weatherYear
        ? sourceOf(u.series, u.priceYear)
        : `substitute: no ${u.series} prices of ${u.weatherYear} are shipped, so ${u.weatherYear} is priced with ${u.priceYear} (the price at the same position in the year); ${sourceOf(u.series, u.priceYear)}`,
    defaulted: true,
  }));
}

/** The provenance of a result: the ledger's inputs and price years, and the other assumptions. */
export function provenanceOf(ledger: Ledger, command: readonly string[], assumptions: readonly Assumption[], priceSource: (series: 'day-ahead' | 'imbalance', priceYear: number) => string, base = process.cwd()): Provenance {
  return { hubsimVersion: VERSION, command: [...command], inputs: inputsOf(ledger, base), assumptions: [...assumptions, ...priceYearAssumptions(ledger, priceSource)] };
}

/** Lines of text naming each substituted price year, for a command's terminal output. */
export function priceSubstitutionLines(provenance: Provenance): string[] {
  return provenance.assumptions
    .filter((a) => a.name.startsWith('prices.') && a.source.startsWith('substitute:'))
    .map((a) => {
      const m = /^prices\.(\w+)\.priceYear\[weatherYear=(\d+)\]$/.exec(a.name);
      const series = m?.[1] === 'dayAhead' ? 'day-ahead' : 'imbalance';
      return `note: weather year ${m?.[2]} is priced with ${a.value} ${series} prices (no ${series} prices of ${m?.[2]} are shipped)`;
    });
}
