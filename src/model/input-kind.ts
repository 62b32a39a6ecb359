import { fail, HubsimError } from '../errors.js';
import { readUserDocument } from '../files.js';
import { parseSource } from './load.js';

/** The kinds of input file hubsim reads, as validate tells them apart. */
export type InputKind = 'hub' | 'rollout' | 'sweep' | 'baseline';

/**
 * What kind of input a document is, from its top-level keys: a hub has members, a rollout terrains
 * or a horizon, a sweep a grid, a baseline.json a command and an input. Undefined when none fits.
 */
export function inputKind(data: unknown): InputKind | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const has = (key: string): boolean => key in data;
  if (has('grid')) return 'sweep';
  if (has('terrains') || has('horizon')) return 'rollout';
  if (has('members')) return 'hub';
  if (has('command') && has('input')) return 'baseline';
  return undefined;
}

/** The kind of the document in `file` by its keys; undefined when it cannot be read or parsed, or fits no kind. */
export function fileKind(file: string, code: string): InputKind | undefined {
  try {
    return inputKind(parseSource(file, readUserDocument(file, code), code).data);
  } catch (err) {
    if (err instanceof HubsimError) return undefined;
    throw err;
  }
}

/** The command that reads each kind of file, as an error tells the user to type it. */
function commandFor(kind: InputKind, file: string): string {
  if (kind === 'baseline') return 'hubsim regress --baseline FOLDER (the folder holding it)';
  return `hubsim ${kind === 'hub' ? 'run' : kind} ${file}`;
}

/**
 * Load `file` for a command that reads `expected` files. When the file is refused for its fields and
 * its keys say it is another kind (a rollout given to hubsim run), that is the one line reported,
 * instead of every key of the other kind listed as unknown. The file is read again only then.
 */
export async function asKind<T>(file: string, expected: InputKind, load: () => T | Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (!(err instanceof HubsimError) || !err.code.endsWith('.invalidField')) throw err;
    const kind = fileKind(file, 'cli.wrongKind');
    if (kind === undefined || kind === expected) throw err;
    fail('cli.wrongKind', { file }, `is a ${kind} file, not a ${expected} file; use ${commandFor(kind, file)}`);
  }
}
