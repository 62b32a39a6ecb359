import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/model/load.js';
import { documentSha256, sourceFromText, type ParsedDocument, type SourceFile } from '../src/model/source.js';
import { loadRollout } from '../src/rollout/load.js';
import { loadHashedRollout } from '../src/rollout/study.js';
import { loadSweep } from '../src/sweep/load.js';
import { shareData, sharedBytes, sharedData, shareDocuments, sharedDocuments, sharedFromBytes } from '../src/run/shared-data.js';
import { prepareStudy as prepareRolloutStudy } from '../src/rollout/study.js';

/*
 * A rollout's threads take the scenario and hub files as the main thread parsed them (Study.shared)
 * instead of parsing megabytes of YAML again: the same data when the text is the same, the text's own
 * data when it is not, and the same lines for an error message either way.
 */
const TEXT = ['name: parsed', 'axis: { stepMinutes: 60 }', 'members:', '  - id: a', '    profile: { shape: office, annualKwh: 1000 }', 'battery:', '  capacityKwh: 100', ''].join('\n');

describe('documents parsed in another thread (ParsedDocument)', () => {
  it('are taken as they are for the same text, with the lines of the text; another text is parsed', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hubsim-parsed-')), 'hub.yaml');
    const own = sourceFromText(path, '.', TEXT) as SourceFile;
    const data = { marker: 'the data the other thread parsed' };
    const parsed = new Map<string, ParsedDocument>([[path, { sha256: documentSha256(TEXT), data }]]);
    const taken = parseSource(path, TEXT, 'hub.badSyntax', parsed);
    expect(taken.data).toBe(data);
    // Lines are found from the text when asked, as the parser would give them.
    for (const field of [['battery', 'capacityKwh'], ['members', 0, 'profile', 'shape'], ['axis']]) expect(taken.lineOf(field)).toBe(own.lineOf(field));
    expect(taken.lineOf(['battery', 'capacityKwh'])).toBe(7);
    // The file changed since: its own text is parsed, not the other thread's data.
    const changed = TEXT.replace('capacityKwh: 100', 'capacityKwh: 200');
    expect(parseSource(path, changed, 'hub.badSyntax', parsed).data).toEqual((sourceFromText(path, '.', changed) as SourceFile).data);
    // Another path is parsed too.
    expect(parseSource(`${path}.other.yaml`, TEXT, 'hub.badSyntax', parsed).data).toEqual(own.data);
  });

  it('make a rollout that loads to the same scenario and hash as one parsed from its files', async () => {
    const path = new URL('../scenarios/mra-20.yaml', import.meta.url).pathname;
    const first = await loadHashedRollout(path);
    expect(first.documents.size).toBeGreaterThan(0);
    const again = await loadHashedRollout(path, first.documents);
    expect(again.hash).toBe(first.hash);
    expect(again.loaded.source.data).toBe(first.loaded.source.data);
    expect(again.loaded.rollout).toEqual(loadRollout(path).rollout);
    expect(again.loaded.hubs.map((h) => h.hub)).toEqual(first.loaded.hubs.map((h) => h.hub));
  });

  it('make a sweep that loads to the same sweep, subjects and hash as one parsed from its files', () => {
    const path = new URL('../scenarios/sweeps/mra-20-battery.yaml', import.meta.url).pathname;
    const first = loadSweep(path);
    // The sweep file and the rollout it sizes (its hubs are inline).
    expect(first.documents.size).toBe(2);
    const again = loadSweep(path, first.documents);
    expect(again.raw).toBe(first.raw);
    expect(again.hash).toBe(first.hash);
    expect(again.sweep).toEqual(first.sweep);
    expect(again.subjects.map((s) => s.loaded.hub)).toEqual(first.subjects.map((s) => s.loaded.hub));
  });

  it('go to the threads in a SharedArrayBuffer (shareData) with every value as parsed: NaN, Infinity, -0 and maps included', () => {
    const documents = new Map<string, ParsedDocument>([['/a.yaml', { sha256: 'ab', data: { cap: Number.POSITIVE_INFINITY, gap: Number.NaN, zero: -0, list: [1, 'two', null, { deep: true }] } }]]);
    const shared = shareData(documents);
    expect(shared).toBeInstanceOf(SharedArrayBuffer);
    const back = sharedData(structuredClone(shared)) as Map<string, ParsedDocument>;
    const data = back.get('/a.yaml')!.data as { cap: number; gap: number; zero: number; list: unknown[] };
    expect(back.get('/a.yaml')!.sha256).toBe('ab');
    expect(data.cap).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(data.gap)).toBe(true);
    expect(Object.is(data.zero, -0)).toBe(true);
    expect(data.list).toEqual([1, 'two', null, { deep: true }]);
  });

  it('go to a queue worker as bytes (sharedBytes) that it prepares the same study from, taking the data for files of the same text', async () => {
    const path = new URL('../scenarios/mra-20.yaml', import.meta.url).pathname;
    const first = await loadHashedRollout(path);
    const bytes = sharedBytes(shareDocuments(first.documents))!;
    expect(bytes.byteLength).toBeGreaterThan(1000);
    // What a worker takes: the documents as the submitter parsed them.
    const given = sharedFromBytes(Buffer.from(bytes));
    expect(sharedDocuments(given)).toEqual(first.documents);
    // Prepared from them, the worker's study shares the same documents with its threads.
    const prepared = await prepareRolloutStudy(path, first.hash, given);
    expect(sharedDocuments(prepared)).toEqual(first.documents);
    expect(sharedBytes(null)).toBeNull();
    // A worker whose files differ from the submitter's still refuses the study (the hash), given data or not.
    await expect(prepareRolloutStudy(path, 'not-the-hash', given)).rejects.toThrow();
  });
});

