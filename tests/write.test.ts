import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/random.js';
import { writeOutputFolder, type FileContent } from '../src/report/write.js';

/*
 * A file made in pieces (FileContent as a function) is encoded piece by piece into a buffer and
 * written when the next piece might not fit (src/report/write.ts). Its bytes must be the UTF-8 of each
 * piece in turn, whatever their sizes and characters: characters of one to four bytes, a lone
 * surrogate (U+FFFD, as Buffer.from writes it; a piece cut inside a surrogate pair has one at each
 * end), pieces that meet the buffer's end, and pieces larger than the whole buffer.
 */

const folder = mkdtempSync(join(tmpdir(), 'hubsim-write-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const CHARS = ['a', '{', '\n', 'é', '€', '𝄞', '🌍', '\ud800', '"'];

/** A text of one to four bytes a character (half of them ASCII), from which pieces are cut. */
function source(rand: () => number, length: number): string {
  const parts: string[] = [];
  for (let i = 0; i < length; i++) parts.push(rand() < 0.5 ? 'x' : CHARS[Math.floor(rand() * CHARS.length)]);
  return parts.join('');
}

describe('writing a file in pieces', () => {
  it('writes the UTF-8 bytes of each piece in turn, for pieces of every size', () => {
    const rand = mulberry32(20261206);
    const text = source(rand, 1 << 16);
    const cut = (length: number): string => {
      const from = Math.floor(rand() * (text.length - length));
      return text.slice(from, from + length);
    };
    const pieces: string[] = [];
    // Small pieces (table rows) over several buffers' worth of bytes, so that many of them meet the
    // buffer's end; then pieces near and above the 4 MiB buffer (in UTF-16 units, up to 3 bytes each).
    for (let i = 0; i < 100_000; i++) pieces.push(cut(1 + Math.floor(rand() * 400)));
    for (const length of [(4 << 20) / 3 - 1, (4 << 20) / 3 + 1, 3 << 20, 5 << 20, 1]) pieces.push(source(rand, Math.floor(length)));
    for (let i = 0; i < 2_000; i++) pieces.push(cut(1 + Math.floor(rand() * 4000)));
    pieces.push('');
    const out = join(folder, 'pieces');
    writeOutputFolder(out, new Map([['results.json', () => pieces]]));
    expect(readdirSync(out)).toEqual(['results.json']);
    expect(readFileSync(join(out, 'results.json')).equals(Buffer.concat(pieces.map((p) => Buffer.from(p))))).toBe(true);
  });

  it('writes text given whole as it is, and a file without pieces empty', () => {
    const out = join(folder, 'whole');
    writeOutputFolder(
      out,
      new Map<string, FileContent>([
        ['results.json', 'ünïcode € 🌍\n'],
        ['empty.csv', () => []],
      ]),
    );
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('ünïcode € 🌍\n');
    expect(readFileSync(join(out, 'empty.csv')).length).toBe(0);
  });
});
