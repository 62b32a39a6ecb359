import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/random.js';
import { METRICS } from '../src/results/metrics.js';
import { csvCell, csvNumber, eurText, fmt, fmtYear, roundNumber, UNIT_RESOLUTION, unitDecimals } from '../src/report/format.js';
import { ROLLOUT_TABLES } from '../src/report/rollout-tables.js';
import { SERIES_COLUMNS } from '../src/report/series.js';
import { textTable, TERMINAL_WIDTH, wrapText } from '../src/report/text-table.js';
import { SWEEP_COLUMNS } from '../src/report/sweep-output.js';
import { OUTCOMES } from '../src/sweep/outcome.js';
import { runCli, type Captured } from './support/cli.js';
import { printedTables } from './support/text-table.js';
import { BOUND_NOTE } from '../src/report/table.js';

/*
 * Issue 17, item 7 (readable output), the terminal and CSV side: every shipped scenario (the rollouts
 * of scenarios/, the hubs of scenarios/examples/, the sweeps of scenarios/sweeps/) run through the CLI
 * prints lines of at most 120 characters, no "-0" or "-0.00", and years without a thousands separator;
 * every CSV field it writes is at its unit's resolution (format.ts UNIT_RESOLUTION) and never a
 * negative zero, while results.json keeps 12 significant digits.
 */

const SLOW = 900_000;
const ROLLOUTS = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f));
const EXAMPLES = readdirSync(join('scenarios', 'examples')).filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', 'examples', f));
const SWEEPS = readdirSync(join('scenarios', 'sweeps')).filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', 'sweeps', f));

const dir = mkdtempSync(join(tmpdir(), 'hubsim-readable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each command runs once, whichever test asks first; its --out folder is `outOf(args)`. */
const runs = new Map<string, Promise<Captured>>();
const outOf = (command: string, file: string): string => join(dir, `${command}-${basename(file, '.yaml')}`);
function run(command: 'rollout' | 'run' | 'sweep', file: string): Promise<Captured> {
  const key = `${command} ${file}`;
  if (!runs.has(key)) {
    // Rollouts write their report.html too: a national one once failed to draw its per-terrain charts.
    const extra = command === 'run' ? ['--series'] : command === 'rollout' ? ['--workers', '2', '--report'] : ['--workers', '2'];
    runs.set(key, runCli(command, file, '--out', outOf(command, file), ...extra));
  }
  return runs.get(key)!;
}

/** Terminal text with its wrapped lines joined again (wrapText breaks at spaces and indents by 2 or 4). */
const unwrappedText = (text: string): string => text.replace(/\n {2,4}(?=\S)/g, ' ');

/** No strategy of `bounds` is named in `text` without "(bound)" after it (its footnote, which names kinds, aside). */
function expectBoundsLabelled(text: string, bounds: readonly string[], what: string): void {
  const plain = unwrappedText(text.replace(BOUND_NOTE, ''));
  for (const strategy of bounds) {
    const bare = new RegExp(`(?<![\\w:+-])${strategy.replace(/[+:]/g, '\\$&')}(?![\\w:+-])(?! \\(bound\\))`);
    expect(plain, `${what}: ${strategy} without (bound)`).not.toMatch(bare);
  }
}

/** "-0", "-0.0", "-0.00" as a figure (also before a unit letter, as in "-0.00M"), not "-0.05". */
const NEGATIVE_ZERO = /(^|[\s(])-0(\.0+)?(?![\d.,])/;

/** Headers of the columns that hold a calendar year. */
const YEAR_COLUMNS = ['hub start', 'first overload', 'payback year'];

function checkTerminal(text: string, what: string): void {
  const lines = text.split('\n');
  expect(lines.length, what).toBeGreaterThan(3);
  for (const [i, line] of lines.entries()) {
    expect(line.length, `${what}, line ${i + 1} has ${line.length} characters:\n${line}`).toBeLessThanOrEqual(TERMINAL_WIDTH);
    expect(line, `${what}, line ${i + 1} shows a negative zero`).not.toMatch(NEGATIVE_ZERO);
  }
  for (const t of printedTables(text)) {
    t.headers.forEach((h, j) => {
      const yearColumn = YEAR_COLUMNS.some((y) => h.endsWith(y));
      if (yearColumn) for (const row of t.rows) expect(row[j], `${what}: "${h}" holds ${row[j]}`).toMatch(/^(\d{4}|-|)$/);
    });
    // hubsim compare: the rows of a year column (unit "year") show A, B and B - A without separators.
    const unit = t.headers.findIndex((h) => h === 'unit' || h.endsWith(' unit'));
    if (unit >= 0) {
      const first = t.headers[unit + 1] === 'basis' ? unit + 2 : unit + 1;
      for (const row of t.rows.filter((r) => r[unit] === 'year')) for (const cell of row.slice(first)) expect(cell, `${what}: ${row.join(' ')}`).toMatch(/^(-?\d+|-)$/);
    }
  }
}

describe('terminal output of the shipped scenarios: at most 120 columns, no negative zero, plain years', () => {
  it.each(ROLLOUTS)('hubsim rollout %s', async (file) => {
    const out = await run('rollout', file);
    expect(out.code, out.stderr).toBe(0);
    checkTerminal(out.stdout, file);
    // The rollout summary keeps one-off sums, the last year and present values in labelled blocks.
    const text = out.stdout;
    for (const block of ['in 2035 ---', 'over 2025-2035 ---', 'present value', 'at 2025 ---']) expect(text).toContain(block);
    for (const title of ['totals in 2035', 'totals over 2025-2035', 'totals in present value at 2025']) expect(text).toContain(title);
    // Hours above the caps: per terrain and in the totals.
    expect(text).toMatch(/hub-hours\s*\n.*> import cap/);
    // A perfect-foresight strategy is never named without "(bound)" (results.json strategyForesight).
    const foresight = JSON.parse(readFileSync(join(outOf('rollout', file), 'results.json'), 'utf8')).strategyForesight as Record<string, string>;
    expectBoundsLabelled(text, Object.keys(foresight).filter((x) => foresight[x] === 'perfect'), file);
    // Up to 40 terrains a table lists them all; beyond, the 20 with the largest society NPV either way
    // (the same in both tables of a strategy), and says so; the total row stays over all terrains.
    const results = JSON.parse(readFileSync(join(outOf('rollout', file), 'results.json'), 'utf8')) as { strategies: string[]; terrainEconomics: { terrain: string; strategy: string; npvSocietyEur: number }[] };
    const moneyTables = printedTables(text).filter((t) => t.headers[0] === 'terrain' && t.headers.includes('NPV society MEUR'));
    expect(moneyTables.length, file).toBe(results.strategies.length);
    results.strategies.forEach((strategy, k) => {
      const rows = results.terrainEconomics.filter((e) => e.strategy === strategy);
      const expected = rows.length <= 40 ? rows : [...rows].sort((x, y) => Math.abs(y.npvSocietyEur) - Math.abs(x.npvSocietyEur)).slice(0, 20);
      expect(moneyTables[k].rows.map((r) => r[0]), `${file} ${strategy}`).toEqual([...rows.filter((e) => expected.includes(e)).map((e) => e.terrain), 'total']);
    });
    expect(text.includes(' terrains shown, those with the largest society NPV either way'), file).toBe(new Set(results.terrainEconomics.map((e) => e.terrain)).size > 40);
    expect(readFileSync(join(outOf('rollout', file), 'report.html'), 'utf8'), file).toContain('data-chart="terrain-peak-reduction"');
    expect(text.replace(/\n +/g, ' '), file).toContain('every figure is simulated except those marked "(input)"');
    const hubStart = printedTables(text).find((t) => t.headers.some((h) => h.endsWith('hub start (input)')))!;
    expect(hubStart.rows.some((r) => /^20\d\d$/.test(r[hubStart.headers.findIndex((h) => h.endsWith('hub start (input)'))]))).toBe(true);
  }, SLOW);

  it.each(EXAMPLES)('hubsim run %s', async (file) => {
    const out = await run('run', file);
    expect(out.code, out.stderr).toBe(0);
    checkTerminal(out.stdout, file);
    // A perfect-foresight strategy is never named without "(bound)" (results.json foresight).
    const strategies = JSON.parse(readFileSync(join(outOf('run', file), 'results.json'), 'utf8')).strategies as Record<string, { foresight: string }>;
    expectBoundsLabelled(out.stdout, Object.keys(strategies).filter((x) => strategies[x].foresight === 'perfect'), file);
  }, SLOW);

  it.each(SWEEPS)('hubsim sweep %s', async (file) => {
    const out = await run('sweep', file);
    expect(out.code, out.stderr).toBe(0);
    checkTerminal(out.stdout, file);
    // Inputs say so (the configuration, the target's limit, the capex it costs); the rest is simulated, as the head says.
    const headers = printedTables(out.stdout).flatMap((t) => t.headers);
    expect(headers, file).toContain('capex kEUR (input)');
    expect(out.stdout, file).toMatch(/configuration \(input\) -+/);
    expect(headers.some((h) => /(^| )limit \S+ \(input\)$/.test(h)), file).toBe(true);
    expect(out.stdout.replace(/\n +/g, ' ')).toContain('figures simulated except those marked "(input)"');
  }, SLOW);

  it('hubsim compare of two shipped rollouts and of two example runs', async () => {
    const [a, b] = ROLLOUTS.filter((f) => /mra-20\.yaml|seed-agenda\.yaml/.test(f));
    for (const f of [a, b]) expect((await run('rollout', f)).code).toBe(0);
    const rollouts = await runCli('compare', outOf('rollout', a), outOf('rollout', b));
    expect(rollouts.code, rollouts.stderr).toBe(0);
    checkTerminal(rollouts.stdout, 'compare rollouts');
    expect(rollouts.stdout).toMatch(/paybackYear\s+year\s+simulated\s+\d{4}\s+\d{4}\s+0/);
    const [x, y] = EXAMPLES;
    for (const f of [x, y]) expect((await run('run', f)).code).toBe(0);
    const hubs = await runCli('compare', outOf('run', x), outOf('run', y));
    expect(hubs.code, hubs.stderr).toBe(0);
    checkTerminal(hubs.stdout, 'compare runs');
  }, SLOW);
});

/** The unit of each CSV column by file (rollout tables, metrics.csv, series CSVs, sweep.csv); undefined: text or an index. */
function csvUnits(file: string, header: readonly string[]): (string | undefined)[] {
  const table = ROLLOUT_TABLES.find((t) => t.file === file);
  if (table !== undefined) return header.map((h) => table.columns.find((c) => c.name === h)!.unit);
  if (file === 'metrics.csv') return header.map((h) => METRICS.find((m) => m.name === h)?.unit);
  if (file.startsWith('series-')) return header.map((h) => SERIES_COLUMNS.find((c) => c.name === h)?.unit);
  if (file === 'sweep.csv') return header.map((h) => SWEEP_COLUMNS.find((c) => c.name === h)?.unit);
  throw new Error(`no units for ${file}`);
}

/** Fields of a CSV line (hubsim quotes text with a comma or quote; numbers never are). */
function fields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let j = i + 1;
      while (j < line.length && !(line[j] === '"' && line[j + 1] !== '"')) j += line[j] === '"' ? 2 : 1;
      out.push(line.slice(i, j + 1));
      i = j + 2;
    } else {
      const j = line.indexOf(',', i);
      out.push(line.slice(i, j < 0 ? line.length : j));
      i = j < 0 ? line.length + 1 : j + 1;
    }
  }
  return out;
}

/**
 * Check every field of every CSV in `folder`: no negative zero, no exponent, no more decimals than its
 * unit allows. Returns the number of numbers checked; problems fail the test, the first 20 named.
 */
function checkCsvFolder(folder: string, rowUnit?: (file: string, header: string[], row: string[], j: number) => string | undefined): number {
  let checked = 0;
  const problems: string[] = [];
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.csv'))) {
    const [head, ...body] = readFileSync(join(folder, file), 'utf8').trimEnd().split('\n');
    const header = head.split(',');
    const units = csvUnits(file, header);
    for (const line of body) {
      const row = fields(line);
      row.forEach((cell, j) => {
        if (!/^-?[\d.]+(e[-+]?\d+)?$/.test(cell)) return; // text, booleans, empty
        checked++;
        const unit = rowUnit?.(file, header, row, j) ?? units[j];
        const decimals = cell.includes('.') ? cell.split('.')[1].replace(/e.*/, '').length : 0;
        const problem = /^-0(\.0*)?$/.test(cell) ? 'negative zero' : /e/.test(cell) ? 'exponent notation' : decimals > (unitDecimals(unit) ?? 12) ? `more decimals than unit ${unit} allows` : undefined;
        if (problem !== undefined && problems.length < 20) problems.push(`${file} ${header[j]} = ${cell}: ${problem}`);
      });
    }
  }
  expect(problems, folder).toEqual([]);
  return checked;
}

describe('the basis of the series columns', () => {
  it('an input column is the same in every strategy\'s series of a hub; the simulated grid exchange is not', async () => {
    for (const file of EXAMPLES) {
      expect((await run('run', file)).code).toBe(0);
      const folder = outOf('run', file);
      const series = readdirSync(folder).filter((f) => f.startsWith('series-')).map((f) => readFileSync(join(folder, f), 'utf8').trimEnd().split('\n').map(fields));
      expect(series.length, file).toBeGreaterThan(1);
      const column = (table: string[][], name: string): string => table.map((row) => row[table[0].indexOf(name)]).join('|');
      for (const c of SERIES_COLUMNS.filter((x) => x.basis === 'input' && series[0][0].includes(x.name))) {
        for (const other of series.slice(1)) expect(column(other, c.name), `${file} ${c.name}`).toBe(column(series[0], c.name));
      }
      expect(new Set(series.map((t) => column(t, 'grid_kw'))).size, file).toBeGreaterThan(1);
    }
  }, SLOW);

  it('a metric labelled input has one value in every strategy of a hub (where it has one); a simulated one such as the peak import differs', async () => {
    let inputs = 0;
    for (const file of EXAMPLES) {
      expect((await run('run', file)).code).toBe(0);
      const strategies = Object.values(JSON.parse(readFileSync(join(outOf('run', file), 'results.json'), 'utf8')).strategies as Record<string, { metrics: Record<string, number | null> }>);
      for (const m of METRICS.filter((x) => x.basis === 'input')) {
        const values = new Set(strategies.map((x) => x.metrics[m.name]).filter((v) => v !== null));
        expect(values.size, `${file} ${m.name}`).toBeLessThanOrEqual(1);
        inputs += values.size;
      }
      expect(new Set(strategies.map((x) => x.metrics.peakImportKw)).size, file).toBeGreaterThan(1);
    }
    expect(inputs).toBeGreaterThan(EXAMPLES.length);
  }, SLOW);
});

describe('CSV numbers at their unit\'s resolution', () => {
  it('every numeric column of every CSV has a unit with a resolution (a power of ten) in UNIT_RESOLUTION', () => {
    for (const res of Object.values(UNIT_RESOLUTION)) expect(Math.log10(res)).toBe(Math.round(Math.log10(res)));
    const text = new Set(['-', 'bool', '']);
    const units = [
      ...ROLLOUT_TABLES.flatMap((t) => t.columns.filter((c) => c.unit !== 'unit').map((c) => c.unit)),
      ...METRICS.map((m) => m.unit),
      ...SERIES_COLUMNS.map((c) => c.unit),
      ...SWEEP_COLUMNS.map((c) => c.unit),
      ...OUTCOMES.map((o) => o.unit),
    ].filter((u) => !text.has(u));
    for (const unit of units) expect(UNIT_RESOLUTION[unit], `unit ${unit}`).toBeDefined();
  });

  it('rounds to the resolution and never writes -0; results.json keeps 12 significant digits', () => {
    // The float noise of the issue: an avoided cost that is a difference of two equal sums.
    expect(csvCell(-4.65661287308e-10, 'EUR')).toBe('0');
    expect(csvCell(-0.004, 'EUR')).toBe('0');
    expect(csvCell(-0.006, 'EUR')).toBe('-0.01');
    expect(csvCell(1234.5678901234, 'kWh')).toBe('1234.56789');
    expect(csvCell(0.1 + 0.2, 'kW')).toBe('0.3');
    expect(csvCell(2027, 'year')).toBe('2027');
    expect(csvCell(1e-7, 'kWh')).toBe('0');
    expect(csvCell(0.123456789012345, '1')).toBe('0.123456789');
    expect(csvCell(12.5, undefined)).toBe('12.5');
    expect(csvNumber(-1e-12, 'kW')).toBe(0);
    expect(Object.is(csvNumber(-1e-12, 'kW'), -0)).toBe(false);
    expect(roundNumber(-4.65661287308e-10)).toBe(-4.65661287308e-10);
    // The terminal: never "-0" or "-0.00", years plain.
    expect(fmt(-0.004, 2)).toBe('0.00');
    expect(fmt(-0.4)).toBe('0');
    expect(fmt(-1234.5)).toBe('-1,235');
    expect(fmt(-4_650, 2, 1e6)).toBe('0.00');
    expect(fmtYear(2027)).toBe('2027');
    expect(fmt(null)).toBe('-');
  });

  it('writes each number as its definition does, on random values of every size, sign and unit', () => {
    // The definition of a CSV number's text (format.ts): 12 significant digits, then the unit's
    // decimals, -0 as 0, then written to those decimals without the zeros at the end, in the plain
    // words of the functions it is made of (csvCell writes it without parsing it again where it can).
    const defined = (x: number, unit: string): string => {
      const d = unitDecimals(unit);
      let v = d === undefined ? Number(x.toPrecision(12)) : Number(Number(x.toPrecision(12)).toFixed(d));
      if (v === 0) v = 0;
      if (d === undefined || d === 0 || Math.abs(v) >= 1e21) return String(v);
      return v.toFixed(d).replace(/\.?0+$/, '');
    };
    const units = Object.keys(UNIT_RESOLUTION);
    const rand = mulberry32(20261205);
    let checked = 0;
    for (let i = 0; i < 200_000; i++) {
      const unit = units[i % units.length];
      // Magnitudes from 1e-12 to 1e24, whole numbers, halves at the last decimal, and near 2^51 x 10^-d.
      const kind = rand();
      const d = unitDecimals(unit) ?? 6;
      let x = (rand() - 0.5) * 10 ** Math.floor(rand() * 36 - 12);
      if (kind < 0.1) x = Math.round(x);
      else if (kind < 0.2) x = (Math.floor(rand() * 1e6) + 0.5) * 10 ** -d;
      else if (kind < 0.3) x = (rand() < 0.5 ? -1 : 1) * 2 ** 51 * 10 ** -d * (0.999 + rand() * 0.002);
      if (x === 0 || !Number.isFinite(x)) continue;
      expect(csvCell(x, unit), `${x} ${unit}`).toBe(defined(x, unit));
      checked++;
    }
    expect(checked).toBeGreaterThan(190_000);
  });

  it.each([...ROLLOUTS.filter((f) => /mra-20\.yaml/.test(f))])('the CSV tables of hubsim rollout %s', async (file) => {
    expect((await run('rollout', file)).code).toBe(0);
    const folder = outOf('rollout', file);
    // agenda-check.csv: claimed and simulated are in the unit its row names.
    const checked = checkCsvFolder(folder, (f, header, row, j) => (f === 'agenda-check.csv' && ['claimed', 'simulated'].includes(header[j]) ? row[header.indexOf('unit')] : undefined));
    expect(checked).toBeGreaterThan(10_000);
    // results.json keeps full precision: some EUR figure has more than two decimals there.
    const json = readFileSync(join(folder, 'results.json'), 'utf8');
    expect(json).toMatch(/"[a-zA-Z]*Eur": -?\d+\.\d{3,}/);
  }, SLOW);

  it.each(EXAMPLES)('metrics.csv and series CSVs of hubsim run %s', async (file) => {
    expect((await run('run', file)).code).toBe(0);
    expect(checkCsvFolder(outOf('run', file))).toBeGreaterThan(8760);
  }, SLOW);

  it.each(SWEEPS)('sweep.csv of hubsim sweep %s', async (file) => {
    expect((await run('sweep', file)).code).toBe(0);
    const folder = outOf('sweep', file);
    const target = (JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')) as { sweep: { target: { metric: string } } }).sweep.target.metric;
    const unit = OUTCOMES.find((o) => o.name === target)!.unit;
    expect(checkCsvFolder(folder, (_f, header, _row, j) => (['targetValue', 'targetBound'].includes(header[j]) ? unit : undefined))).toBeGreaterThan(100);
  }, SLOW);
});

describe('euros of mixed sizes (eurText)', () => {
  it('keeps three digits or more: millions to the 10 kEUR, thousands to the 100 EUR, else whole euros; no negative zero', () => {
    // By hand, with the roundings at each boundary.
    expect([160e6, 12_345_678, 999_950, 999_949, 17_146.2, 999.5, 999.4, 291.6, 0.4, -0.4, -4_123.9, -2.5e6].map(eurText)).toEqual([
      'EUR 160.00M', 'EUR 12.35M', 'EUR 1.00M', 'EUR 999.9k', 'EUR 17.1k', 'EUR 1.0k', 'EUR 999', 'EUR 292', 'EUR 0', 'EUR 0', 'EUR -4.1k', 'EUR -2.50M',
    ]);
  });
});

describe('text tables', () => {
  it('align text left and figures right, break headers over lines, label blocks and cut a table too wide into parts that repeat the keys', () => {
    const columns = [
      { header: 'name', align: 'left' as const },
      { header: 'peak\nkW', group: 'in 2035' },
      { header: 'NPV\nMEUR', group: 'present value' },
    ];
    expect(textTable(columns, [['a', '1,000', '-0.50'], ['bb', '2', '3.00']]).split('\n')).toEqual([
      '      in 2035  present value',
      '         peak            NPV',
      'name       kW           MEUR',
      '----  -------  -------------',
      'a       1,000          -0.50',
      'bb          2           3.00',
    ]);
    const cut = textTable(columns, [['a', '1,000', '-0.50']], { maxWidth: 16 }).split('\n\n');
    expect(cut).toHaveLength(2);
    expect(cut[1].split('\n').at(-1)).toBe('a             -0.50');
    expect(wrapText('one two three four', 9)).toBe('one two\n  three\n  four');
    expect(wrapText('  indented words here', 12, '  ')).toBe('  indented\n    words\n    here');
  });
});
