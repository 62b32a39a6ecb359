// The build's cache of the shipped scenarios as the YAML parser reads them: exactly the parser's data,
// only for the text it was written from, and only for data that JSON holds as they are.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_CACHE_DIR, readCachedDocument, writeDocumentCache, yamlFilesUnder } from '../src/model/document-cache.js';
import { parseSource } from '../src/model/load.js';
import { documentSha256, sourceFromText, type SourceFile } from '../src/model/source.js';

const SCENARIOS = new URL('../scenarios/', import.meta.url).pathname;

/** The parser's own data of a file. */
function parsedData(path: string, text = readFileSync(path, 'utf8')): unknown {
  return (sourceFromText(path, '.', text) as SourceFile).data;
}

describe('document cache', () => {
  it('gives every shipped scenario file as the YAML parser reads it (-0 against 0 fails toStrictEqual; the JSON text checks key order)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-documents-'));
    const files = yamlFilesUnder(SCENARIOS);
    expect(files.some((f) => f.endsWith('national.yaml'))).toBe(true);
    expect(files.some((f) => f.includes('/examples/'))).toBe(true);
    expect(writeDocumentCache(files, dir)).toEqual(files);
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const cached = readCachedDocument(documentSha256(text), dir);
      const own = parsedData(path, text);
      expect(cached, path).toStrictEqual(own);
      // The same keys in the same order, which a rollout's order of terrains and strategies follows.
      expect(JSON.stringify(cached), path).toBe(JSON.stringify(own));
    }
  });

  it('is not used for a text that changed since, and leaves out what JSON would change or the parser refuses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-documents-'));
    const hub = join(dir, 'hub.yaml');
    const text = 'name: cached\nbattery:\n  capacityKwh: 100\n';
    writeFileSync(hub, text);
    const unlike = [
      ['minus-zero.yaml', 'a: -0\n'],
      ['infinity.yaml', 'a: .inf\n'],
      ['nan.yaml', 'a: [1, .nan]\n'],
      ['duplicate-key.yaml', 'a: 1\na: 2\n'],
      ['syntax.yaml', 'a: [1, 2\n'],
    ];
    for (const [name, body] of unlike) writeFileSync(join(dir, name), body);
    const cache = join(dir, 'cache');
    expect(writeDocumentCache([hub, ...unlike.map(([name]) => join(dir, name))], cache)).toEqual([hub]);
    expect(readCachedDocument(documentSha256(text), cache)).toStrictEqual({ name: 'cached', battery: { capacityKwh: 100 } });
    for (const [, body] of unlike) expect(readCachedDocument(documentSha256(body), cache)).toBeUndefined();
    // One value edited: the cache no longer speaks for the text.
    expect(readCachedDocument(documentSha256(text.replace('100', '200')), cache)).toBeUndefined();
    expect(readCachedDocument(documentSha256(text), join(dir, 'no-cache-here'))).toBeUndefined();
    // A rewrite replaces what was there.
    writeDocumentCache([], cache);
    expect(readCachedDocument(documentSha256(text), cache)).toBeUndefined();
  });

  it('gives parseSource the national scenario as the parser reads it, with its lines for an error, from the build\'s cache', () => {
    const path = join(SCENARIOS, 'national.yaml');
    const text = readFileSync(path, 'utf8');
    // The build (npm ci, npm run build) wrote the cache this command reads.
    expect(readCachedDocument(documentSha256(text), DOCUMENT_CACHE_DIR), `run npm run build: ${DOCUMENT_CACHE_DIR}`).toBeDefined();
    const own = sourceFromText(path, SCENARIOS, text) as SourceFile;
    const source = parseSource(path, text, 'rollout.badSyntax');
    expect(source.data).toStrictEqual(own.data);
    for (const field of [['terrains', 3999, 'name'], ['substations', 17, 'capacityKw'], ['strategies', 1, 'guard'], ['horizon']]) {
      expect(source.lineOf(field), field.join('.')).toBe(own.lineOf(field));
      expect(source.lineOf(field), field.join('.')).toBeGreaterThan(1);
    }
    // The same text under a .json name is JSON's to read (and is no JSON): the cache is not asked.
    expect(() => parseSource(join(SCENARIOS, 'national.json'), text, 'rollout.badSyntax')).toThrow(/invalid JSON/);
  });
});
