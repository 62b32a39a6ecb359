import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

/*
 * The input ledger: while a command produces its results, every file it reads is recorded here with
 * the SHA-256 of the bytes read, at the moment they are read (src/files.ts for the user's files, the
 * profile catalogue for shipped profiles, also when they come from the in-process or binary cache).
 * A ledger is open only around the work whose results it describes (AsyncLocalStorage), so a file read
 * for another purpose (a baseline's own results.json, a folder to report on) is not an input.
 *
 * It also records which price year priced each weather year (a stated substitute when a year has no
 * prices of its own), so results can name the substitution.
 */

/** One file read: its absolute path, the SHA-256 (hex) of its bytes and their number. */
export interface InputRead {
  readonly absPath: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** Which prices priced a weather year: the series, the year asked for and the year used. */
export interface PriceYearUse {
  readonly series: 'day-ahead' | 'imbalance';
  readonly weatherYear: number;
  readonly priceYear: number;
}

export class Ledger {
  readonly inputs = new Map<string, InputRead>();
  readonly priceYears = new Map<string, PriceYearUse>();

  /**
   * Record a file read. The same file read twice with other bytes (it changed during the run) keeps
   * both hashes apart: the later read is stored under the path with a suffix, so provenance shows it.
   */
  record(read: InputRead): void {
    const seen = this.inputs.get(read.absPath);
    if (seen === undefined) this.inputs.set(read.absPath, read);
    else if (seen.sha256 !== read.sha256) this.inputs.set(`${read.absPath}\u0000${read.sha256}`, read);
  }

  notePriceYear(use: PriceYearUse): void {
    this.priceYears.set(`${use.series}@${use.weatherYear}`, use);
  }
}

const current = new AsyncLocalStorage<Ledger>();

/** Run fn with a fresh ledger open; returns its value and the ledger. Nested calls get their own. */
export async function withLedger<T>(fn: () => Promise<T> | T): Promise<{ value: T; ledger: Ledger }> {
  const ledger = new Ledger();
  const value = await current.run(ledger, fn);
  return { value, ledger };
}

/** The SHA-256 of bytes, hex. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Record a file read into the open ledger (none open: nothing to record). */
export function recordRead(absPath: string, bytes: Uint8Array): void {
  current.getStore()?.record({ absPath, sha256: sha256Hex(bytes), bytes: bytes.byteLength });
}

/** Record a file whose hash is already known (a shipped profile read once per process). */
export function recordKnown(read: InputRead): void {
  current.getStore()?.record(read);
}

/** Record the price year that priced a weather year. */
export function notePriceYear(use: PriceYearUse): void {
  current.getStore()?.notePriceYear(use);
}
