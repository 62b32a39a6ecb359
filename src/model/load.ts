import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { fail, failAll, problemLine } from '../errors.js';
import { readUserDocument } from '../files.js';
import { checkHub } from './checks.js';
import { Hub } from './hub.js';
import { schemaProblems } from './schema-problems.js';
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

/**
 * Validate data against a zod schema; every problem becomes a one-line error with its line and field
 * (all of them at once: a misspelt key is not hidden behind another problem).
 */
export function validate<T extends z.ZodType>(schema: T, source: SourceFile, code: string): z.output<T> {
  const result = schema.safeParse(source.data);
  if (result.success) return result.data;
  // In the order of the file's lines, as a reader goes through it.
  const located = schemaProblems(schema, result.error, source.data).map((p) => ({ ...p, line: source.lineOf(p.path) }));
  located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  failAll(located.map((p) => problemLine(code, { file: source.path, line: p.line, field: fieldPath(p.path) }, p.message)));
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
  if (problems.length > 0) failAll(problems.map((p) => problemLine(p.code, { file: source.path, line: source.lineOf(p.path), field: fieldPath(p.path) }, p.message)));
  return { hub, source };
}
