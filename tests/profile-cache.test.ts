// The build's binary cache of the shipped profiles: it gives exactly what csv-parse reads, and only
// for the CSV bytes it was written from.
import { copyFileSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCachedProfile, writeProfileCache } from '../src/profiles/cache.js';
import { catalogue, loadShipped, parseShipped, PROFILES_DIR, shippedKey } from '../src/profiles/catalogue.js';

describe('profile cache', () => {
  it('gives every shipped profile bit for bit as csv-parse reads it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-cache-'));
    const entries = catalogue();
    const parsed = entries.map((entry) => ({ key: shippedKey(entry), csvPath: `${PROFILES_DIR}${entry.file}`, series: parseShipped(entry) }));
    writeProfileCache(parsed, dir);
    for (const p of parsed) {
      const cached = readCachedProfile(p.key, p.csvPath, p.series.file, p.series.column, dir);
      expect(cached, p.key).toBeDefined();
      expect(cached!.startMs, p.key).toBe(p.series.startMs);
      expect(cached!.stepMs, p.key).toBe(p.series.stepMs);
      expect(cached!.file, p.key).toBe(p.series.file);
      expect(Array.from(cached!.values), p.key).toEqual(Array.from(p.series.values));
    }
    expect(new Set(entries.map((e) => e.year))).toEqual(new Set([2019, 2023]));
  });

  it('is not used for a CSV whose bytes changed since the cache was written, nor without a cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-cache-'));
    const entry = catalogue().find((e) => e.id === 'pv-roof' && e.year === 2023)!;
    const csv = join(dir, 'pv.csv');
    copyFileSync(`${PROFILES_DIR}${entry.file}`, csv);
    const series = parseShipped(entry);
    writeProfileCache([{ key: 'pv@2023', csvPath: csv, series }], join(dir, 'cache'));
    expect(readCachedProfile('pv@2023', csv, 'pv.csv', entry.column, join(dir, 'cache'))).toBeDefined();
    // One value edited: the cache no longer speaks for the file.
    const before = readFileSync(csv, 'utf8');
    const text = before.split('\n');
    text[1000] = text[1000].replace(/,.*$/, ',0.123456');
    writeFileSync(csv, text.join('\n'));
    expect(readFileSync(csv, 'utf8')).not.toBe(before);
    expect(readCachedProfile('pv@2023', csv, 'pv.csv', entry.column, join(dir, 'cache'))).toBeUndefined();
    expect(readCachedProfile('pv@2023', csv, 'pv.csv', entry.column, join(dir, 'no-cache-here'))).toBeUndefined();
    expect(readCachedProfile('wind@2023', csv, 'pv.csv', entry.column, join(dir, 'cache'))).toBeUndefined();
  });

  it('loadShipped gives what csv-parse reads, whether the build cache is there or not', () => {
    for (const entry of catalogue().filter((e) => e.year === 2023).slice(0, 4)) {
      const shipped = loadShipped(entry);
      const parsed = parseShipped(entry);
      expect(shipped.startMs).toBe(parsed.startMs);
      expect(Array.from(shipped.values)).toEqual(Array.from(parsed.values));
    }
  });
});
