/**
 * Every failure a user can cause goes through HubsimError: a stable `code` that tests assert on,
 * a one-line message that names the file, line or field and what to do, and the exit code.
 * Bugs (violated invariants) are plain Errors and keep their stack trace.
 */
export class HubsimError extends Error {
  readonly code: string;
  readonly exitCode: number;

  constructor(code: string, message: string, exitCode = 2) {
    super(message);
    this.name = 'HubsimError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** Where a problem sits: a file, optionally a line and a field path. */
export interface Location {
  file?: string;
  line?: number;
  field?: string;
}

export function formatLocation(loc: Location): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.file);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.field !== undefined && loc.field !== '') parts.push(`field ${loc.field}`);
  return parts.join(' ');
}

/** Throw a HubsimError whose message starts with the location. */
export function fail(code: string, loc: Location, problem: string): never {
  const where = formatLocation(loc);
  throw new HubsimError(code, where === '' ? problem : `${where}: ${problem}`);
}
