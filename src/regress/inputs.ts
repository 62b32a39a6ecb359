/*
 * The input check of `hubsim regress`: a baseline's results.json names every file its results were
 * made from, with the SHA-256 of the bytes read (provenance.inputs). A rerun that reads a file with
 * other bytes, no longer reads one, or reads a new one has other inputs than the baseline: even when
 * every value stays within tolerance, the baseline no longer says what it claims to (a hub file whose
 * battery was changed from 1000 to 900 kW is a different hub). Files are matched by their path as
 * provenance writes it (relative to the baseline folder, or to the package root for shipped ones).
 */

export type InputChangeKind = 'changed' | 'gone' | 'new';

export interface InputChange {
  readonly kind: InputChangeKind;
  readonly path: string;
  readonly shipped: boolean;
  readonly oldSha256: string | null;
  readonly newSha256: string | null;
}

interface InputLike {
  readonly path: string;
  readonly sha256: string;
  readonly shipped?: boolean;
}

function isInput(v: unknown): v is InputLike {
  return typeof v === 'object' && v !== null && typeof (v as InputLike).path === 'string' && typeof (v as InputLike).sha256 === 'string';
}

/** The inputs a results.json records; undefined when it has no provenance (made before it existed). */
export function recordedInputs(results: Record<string, unknown> | undefined): InputLike[] | undefined {
  const p = results?.provenance;
  if (typeof p !== 'object' || p === null) return undefined;
  const inputs = (p as { inputs?: unknown }).inputs;
  return Array.isArray(inputs) ? inputs.filter(isInput) : undefined;
}

const keyOf = (i: InputLike): string => `${i.shipped === true ? 'shipped:' : ''}${i.path}`;

/** What differs between the baseline's inputs and the rerun's, in path order. */
export function compareInputs(old: readonly InputLike[], now: readonly InputLike[]): InputChange[] {
  const before = new Map(old.map((i) => [keyOf(i), i]));
  const after = new Map(now.map((i) => [keyOf(i), i]));
  const out: InputChange[] = [];
  for (const [k, o] of before) {
    const n = after.get(k);
    if (n === undefined) out.push({ kind: 'gone', path: o.path, shipped: o.shipped === true, oldSha256: o.sha256, newSha256: null });
    else if (n.sha256 !== o.sha256) out.push({ kind: 'changed', path: o.path, shipped: o.shipped === true, oldSha256: o.sha256, newSha256: n.sha256 });
  }
  for (const [k, n] of after) if (!before.has(k)) out.push({ kind: 'new', path: n.path, shipped: n.shipped === true, oldSha256: null, newSha256: n.sha256 });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const short = (sha: string | null): string => (sha === null ? '-' : sha.slice(0, 12));

/** One line per changed input, for the terminal. */
export function inputChangeLines(changes: readonly InputChange[], allowed: boolean): string[] {
  const label: Record<InputChangeKind, string> = { changed: 'INPUT CHANGED', gone: 'INPUT GONE', new: 'INPUT NEW' };
  return changes.map(
    (c) =>
      `${allowed ? `${label[c.kind].toLowerCase()} (allowed)` : label[c.kind]}: ${c.path}${c.shipped ? ' (shipped)' : ''}: sha256 ${short(c.oldSha256)} -> ${short(c.newSha256)}`,
  );
}
