import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { fail, failAll, problemLine } from '../errors.js';
import { readUserDocument } from '../files.js';
import { checkHub } from './checks.js';
import { readCachedDocument } from './document-cache.js';
import { Hub } from './hub.js';
import { schemaProblems } from './schema-problems.js';
import { documentSha256, isJsonPath, sourceField, sourceFromParsed, sourceFromText, type ParsedDocument, type SourceFile } from './source.js';

export interface LoadedHub {
  readonly hub: Hub;
  readonly source: SourceFile;
}

/** Documents parsed before, in another thread, by absolute path. */
export type ParsedDocuments = ReadonlyMap<string, ParsedDocument>;

/**
 * Parse YAML or JSON into a SourceFile, failing with a line number on a syntax error; a text `parsed`
 * holds for its path (the same SHA-256) is taken as parsed there, and a YAML text the build parsed
 * (a shipped scenario, document-cache.ts) as the build parsed it.
 */
export function parseSource(path: string, text: string, code: string, parsed?: ParsedDocuments): SourceFile {
  const dir = dirname(resolve(path));
  const sha256 = documentSha256(text);
  const known = parsed?.get(resolve(path));
  if (known !== undefined && known.sha256 === sha256) return sourceFromParsed(path, dir, text, known.data);
  const cached = isJsonPath(path) ? undefined : readCachedDocument(sha256);
  if (cached !== undefined) return sourceFromParsed(path, dir, text, cached);
  const source = sourceFromText(path, dir, text);
  if ('error' in source) fail(code, { file: path, line: source.line }, `${source.error}; fix the YAML/JSON syntax`);
  return source;
}

/** Fields renamed in a hub (at any depth, so inline hubs of a rollout too): the old name is refused with the new one. */
const RENAMED: readonly { readonly parent: string; readonly old: string; readonly now: string; readonly why: string }[] = [
  { parent: 'contract', old: 'timeBlocks', now: 'tbtr', why: 'fixed time blocks are a time-block-bound transport right (TBTR, docs/contracts.md)' },
];

/** The code a renamed field is refused with, by the code of the document's other field errors. */
const RENAMED_CODE: Readonly<Record<string, string>> = { 'hub.invalidField': 'hub.renamedField', 'rollout.invalidField': 'rollout.renamedField', 'sweep.invalidField': 'sweep.renamedField' };

/** The path of the first renamed field in the data, depth first; null when there is none. */
function renamedField(data: unknown, path: (string | number)[] = []): { path: (string | number)[]; rule: (typeof RENAMED)[number] } | null {
  if (data === null || typeof data !== 'object' || path.length > 32) return null;
  for (const [key, value] of Object.entries(data)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const rule = RENAMED.find((r) => r.parent === key && Object.hasOwn(value, r.old));
      if (rule !== undefined) return { path: [...path, Array.isArray(data) ? Number(key) : key, rule.old], rule };
    }
    const inner = renamedField(value, [...path, Array.isArray(data) ? Number(key) : key]);
    if (inner !== null) return inner;
  }
  return null;
}

/**
 * Validate data against a zod schema; every problem becomes a one-line error with its line and field
 * (all of them at once: a misspelt key is not hidden behind another problem).
 */
export function validate<T extends z.ZodType>(schema: T, source: SourceFile, code: string): z.output<T> {
  const renamed = renamedField(source.data);
  if (renamed !== null) {
    const { path, rule } = renamed;
    fail(RENAMED_CODE[code] ?? code, { file: source.path, line: source.lineOf(path), field: sourceField(source, path) }, `${rule.parent}.${rule.old} is now ${rule.parent}.${rule.now}: ${rule.why}; rename the field`);
  }
  const result = schema.safeParse(source.data);
  if (result.success) return result.data;
  // In the order of the file's lines, as a reader goes through it.
  const located = schemaProblems(schema, result.error, source.data).map((p) => ({ ...p, line: source.lineOf(p.path) }));
  located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  failAll(located.map((p) => problemLine(code, { file: source.path, line: p.line, field: sourceField(source, p.path) }, p.message)));
}

/** Read, validate and cross-check a hub file. Every problem is a HubsimError with code hub.*. */
export function loadHub(path: string, parsed?: ParsedDocuments): LoadedHub {
  const source = parseSource(path, readUserDocument(path, 'hub.notFound'), 'hub.badSyntax', parsed);
  return hubFromSource(source);
}

export function hubFromSource(source: SourceFile): LoadedHub {
  if (source.data === null || typeof source.data !== 'object') {
    fail('hub.invalidField', { file: source.path, line: 1 }, 'the file must hold a hub object (name, members, ...)');
  }
  const hub = validate(Hub, source, 'hub.invalidField');
  const problems = checkHub(hub);
  if (problems.length > 0) failAll(problems.map((p) => problemLine(p.code, { file: source.path, line: source.lineOf(p.path), field: sourceField(source, p.path) }, p.message)));
  return { hub, source };
}
