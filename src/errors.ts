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

/**
 * A file a document names could not be read: the same error, told at the field that names it (the
 * document, its line and field first), so that the user sees which reference to fix.
 */
export function namedBy(loc: Location, err: HubsimError, relativeTo?: string): HubsimError {
  const where = formatLocation(loc);
  const from = relativeTo === undefined ? '' : ` (a relative path is read from ${relativeTo})`;
  return where === '' ? err : new HubsimError(err.code, `${where} names ${err.message}${from}`, err.exitCode);
}

/**
 * An offending value as an error message quotes it: in double quotes, with control, format,
 * unassigned and replacement characters escaped (\n, \u0001, ...), and at most `max` characters of
 * the value with an ellipsis when it is longer, so one bad cell never makes a long or raw line.
 */
export function quote(value: unknown, max = 80): string {
  const text = String(value);
  const cut = [...text.slice(0, 4 * max)];
  const shown = cut.length > max ? `${cut.slice(0, max - 1).join('')}…` : cut.join('');
  const escaped = shown.replace(/[\p{Cc}\p{Cf}\p{Cn}\p{Cs}\p{Co}\uFFFD"\\]/gu, (ch) => {
    if (ch === '"' || ch === '\\') return `\\${ch}`;
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    return `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

/** A list of values an error names (a file's columns, known names): each quoted, at most `maxItems`. */
export function quoteList(values: readonly unknown[], maxItems = 10): string {
  const shown = values.slice(0, maxItems).map((v) => quote(v, 40));
  return values.length > maxItems ? `${shown.join(', ')} and ${values.length - maxItems} more` : shown.join(', ');
}

/**
 * The one line an error prints: whatever the message holds, control characters escaped and at most
 * `max` characters (the offending values in it are quoted shorter still).
 */
export function errorLine(message: string, max = 400): string {
  const flat = message.replace(/[\p{Cc}\p{Cf}\p{Cn}\p{Cs}\p{Co}\uFFFD]/gu, (ch) => (ch === '\n' ? ' ' : `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`));
  const chars = [...flat.slice(0, 4 * max)];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

/** One line of a report of several problems: its code and its message (location first). */
export interface ProblemLine {
  readonly code: string;
  readonly message: string;
}

/**
 * Several problems in one input, all reported at once (one line each, each with its code): the
 * error's own code and message are the first problem's, so callers that expect one error still work.
 */
export class HubsimProblems extends HubsimError {
  readonly problems: readonly ProblemLine[];

  constructor(problems: readonly ProblemLine[], exitCode = 2) {
    super(problems[0].code, problems[0].message, exitCode);
    this.problems = problems;
  }
}

/** The problems a HubsimError carries: its list, or itself as one. */
export function problemsOf(err: HubsimError): readonly ProblemLine[] {
  return err instanceof HubsimProblems ? err.problems : [{ code: err.code, message: err.message }];
}

/** Throw every problem at once (one alone as a plain HubsimError). */
export function failAll(problems: readonly ProblemLine[]): never {
  if (problems.length === 1) throw new HubsimError(problems[0].code, problems[0].message);
  throw new HubsimProblems(problems);
}

/** A problem's line as failAll takes it: the location, then the sentence. */
export function problemLine(code: string, loc: Location, problem: string): ProblemLine {
  const where = formatLocation(loc);
  return { code, message: where === '' ? problem : `${where}: ${problem}` };
}
