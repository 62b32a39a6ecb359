import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fail, problemLine, quote, type ProblemLine } from '../errors.js';
import { lastRead } from '../files.js';
import { recordKnown, sha256Hex, type InputRead } from '../provenance/ledger.js';
import { readCachedProfile } from './cache.js';
import { readProfileCsv } from './csv.js';
import type { RegularSeries } from './series.js';
import type { AxisRole } from './align.js';

/** The folder of shipped profiles, found from this module (works from src/ and from dist/). */
export const PROFILES_DIR = fileURLToPath(new URL('../../profiles/', import.meta.url));

export type ProfileKind = 'capacity-factor' | 'shape' | 'temperature' | 'irradiance' | 'price';

/** One shipped profile, as listed in profiles/catalogue.json. */
export interface CatalogueEntry {
  id: string;
  year: number;
  file: string;
  column: string;
  unit: string;
  kind: ProfileKind;
  start: string;
  stepMinutes: number;
  steps: number;
  description: string;
  source: string;
}

let entries: CatalogueEntry[] | undefined;
let catalogueRead: InputRead | undefined;
const loaded = new Map<string, RegularSeries>();
/** The CSV each loaded profile was read from (path, hash of the bytes read), for provenance. */
const readFrom = new Map<string, InputRead>();

/** The catalogue of shipped profiles (read once per process; every use is recorded as an input). */
export function catalogue(): CatalogueEntry[] {
  if (entries === undefined) {
    const path = `${PROFILES_DIR}catalogue.json`;
    const bytes = readFileSync(path);
    entries = (JSON.parse(bytes.toString('utf8')) as { profiles: CatalogueEntry[] }).profiles;
    catalogueRead = { absPath: path, sha256: sha256Hex(bytes), bytes: bytes.byteLength };
  }
  if (catalogueRead !== undefined) recordKnown(catalogueRead);
  return entries;
}

/**
 * The catalogue entry for a profile id and year; an error lists what exists when it is missing, at
 * the file and the line (looked up only then) that named it, and `role`, why that year is read when
 * it is not the hub's.
 */
export function findShipped(id: string, year: number, field: string, file?: string, lineOf?: () => number | undefined, role?: AxisRole): CatalogueEntry {
  const all = catalogue();
  const hit = entryIndex(all).get(`${id}@${year}`);
  if (hit !== undefined) return hit;
  const years = all.filter((e) => e.id === id).map((e) => e.year);
  const line = lineOf?.();
  if (years.length > 0) {
    // On another year than the hub's (a design or training year), the error says which field asked for it.
    const fix = role === undefined ? "change the hub's axis year or supply a file" : `${role.reason}: give a year it exists for`;
    fail('hub.unknownProfile', { file, line, field }, `shipped profile ${quote(id)} exists for ${years.join(', ')}, not for ${year}; ${fix}`);
  }
  const ids = [...new Set(all.map((e) => e.id))].sort();
  fail('hub.unknownProfile', { file, line, field }, `no shipped profile ${quote(id)}; shipped profiles are ${ids.join(', ')}`);
}

/**
 * The problems of resolving a hub on a design or training year (`role` says why it is read): on a year
 * hubsim ships no profiles for, every shipped profile of the hub is missing for the same reason, so
 * they are one problem that says so, not one per member.
 */
export function oneForAnUnshippedYear(problems: ProblemLine[], year: number, file: string, role: AxisRole): ProblemLine[] {
  const missing = problems.filter((p) => p.code === 'hub.unknownProfile').length;
  const years = [...new Set(catalogue().map((e) => e.year))].sort((a, b) => a - b);
  if (missing < 2 || years.includes(year)) return problems;
  const one = problemLine('hub.unknownProfile', { file }, `hubsim ships profiles for ${years.join(', ')}, not for ${year}, and ${missing} profiles of the hub are shipped ones; ${role.reason}: give a year they exist for`);
  return [one, ...problems.filter((p) => p.code !== 'hub.unknownProfile')];
}

/** The catalogue's entries by id and year (the first of equals, as a search in order finds it), made once per catalogue read. */
function entryIndex(all: CatalogueEntry[]): Map<string, CatalogueEntry> {
  let index = entryIndexes.get(all);
  if (index === undefined) {
    index = new Map();
    for (const e of all) if (!index.has(`${e.id}@${e.year}`)) index.set(`${e.id}@${e.year}`, e);
    entryIndexes.set(all, index);
  }
  return index;
}

const entryIndexes = new WeakMap<CatalogueEntry[], Map<string, CatalogueEntry>>();

/**
 * Read a shipped profile: from the build's binary cache when it was written from these exact CSV
 * bytes (see cache.ts), else parsed from the CSV. Read once per process.
 */
export function loadShipped(entry: CatalogueEntry): RegularSeries {
  const key = shippedKey(entry);
  let series = loaded.get(key);
  if (series === undefined) {
    const path = `${PROFILES_DIR}${entry.file}`;
    const file = `profiles/${entry.file}`;
    const cached = readCachedProfile(key, path, file, entry.column);
    if (cached !== undefined) {
      const { csv, ...rest } = cached;
      series = rest;
      readFrom.set(key, csv);
    } else {
      series = parseShipped(entry);
      const read = lastRead(path);
      if (read !== undefined) readFrom.set(key, read);
    }
    loaded.set(key, series);
  }
  // Every use is an input of the work in progress, also when the values come from this process's cache.
  const read = readFrom.get(key);
  if (read !== undefined) recordKnown(read);
  return series;
}

/** The cache key of a shipped profile. */
export function shippedKey(entry: CatalogueEntry): string {
  return `${entry.id}@${entry.year}`;
}

/** Parse a shipped profile's CSV (csv-parse), bypassing every cache. */
export function parseShipped(entry: CatalogueEntry): RegularSeries {
  return readProfileCsv(`${PROFILES_DIR}${entry.file}`, {
    column: entry.column,
    timezone: 'UTC',
    displayName: `profiles/${entry.file}`,
    shipped: true,
  });
}

/** A loaded shipped profile in shared memory, so worker threads read it without parsing or copying. */
export interface SharedProfile {
  readonly key: string;
  readonly startMs: number;
  readonly stepMs: number;
  readonly file: string;
  readonly column: string;
  readonly buffer: SharedArrayBuffer;
}

/**
 * Every shipped profile loaded so far, moved into SharedArrayBuffers (once; the cache then points at
 * the shared copies). Workers adopt them read-only with adoptSharedProfiles.
 */
export function shareLoadedProfiles(): SharedProfile[] {
  const out: SharedProfile[] = [];
  for (const [key, series] of loaded) {
    let values = series.values;
    if (!(values.buffer instanceof SharedArrayBuffer)) {
      values = new Float64Array(new SharedArrayBuffer(series.values.byteLength));
      values.set(series.values);
      loaded.set(key, { ...series, values });
    }
    out.push({ key, startMs: series.startMs, stepMs: series.stepMs, file: series.file, column: series.column, buffer: values.buffer as SharedArrayBuffer });
  }
  return out;
}

/** In a worker: use profiles loaded by the main thread instead of reading the files again. */
export function adoptSharedProfiles(profiles: readonly SharedProfile[]): void {
  for (const p of profiles) {
    if (!loaded.has(p.key)) loaded.set(p.key, { startMs: p.startMs, stepMs: p.stepMs, file: p.file, column: p.column, values: new Float64Array(p.buffer) });
  }
}
