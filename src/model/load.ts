import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { fail } from '../errors.js';
import { readUserDocument } from '../files.js';
import { checkHub } from './checks.js';
import { Hub } from './hub.js';
import { fieldPath, sourceFromText, type SourceFile } from './source.js';

export interface LoadedHub {
  readonly hub: Hub;
  readonly source: SourceFile;
}

/** Parse YAML or JSON into a SourceFile, failing with a line number on a syntax error. */
export function parseSource(path: string, text: string, code: string): SourceFile {
  const source = sourceFromText(path, dirname(resolve(path)), text);
  if ('error' in source) fail(code, { file: path, line: source.line }, `${source.error}; fix the YAML/JSON syntax`);
  return source;
}

/** Validate data against a zod schema; the first problem becomes a one-line error with its line. */
export function validate<T extends z.ZodType>(schema: T, source: SourceFile, code: string): z.output<T> {
  const result = schema.safeParse(source.data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const more = result.error.issues.length - 1;
  // An unknown key is reported at its own line and path, not at the first line of the object holding it.
  const path = issue.code === 'unrecognized_keys' && issue.keys.length > 0 ? [...issue.path, issue.keys[0]] : issue.path;
  const line = source.lineOf(path);
  fail(code, { file: source.path, line, field: fieldPath(path) }, `${issue.message}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`);
}

/** Read, validate and cross-check a hub file. Every problem is a HubsimError with code hub.*. */
export function loadHub(path: string): LoadedHub {
  const source = parseSource(path, readUserDocument(path, 'hub.notFound'), 'hub.badSyntax');
  return hubFromSource(source);
}

export function hubFromSource(source: SourceFile): LoadedHub {
  if (source.data === null || typeof source.data !== 'object') {
    fail('hub.invalidField', { file: source.path, line: 1 }, 'the file must hold a hub object (name, members, ...)');
  }
  const hub = validate(Hub, source, 'hub.invalidField');
  const problems = checkHub(hub);
  if (problems.length > 0) {
    const p = problems[0];
    fail(p.code, { file: source.path, line: source.lineOf(p.path), field: fieldPath(p.path) }, p.message);
  }
  return { hub, source };
}
