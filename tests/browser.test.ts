import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartHtml, pageHtml } from '../src/report/html/page.js';
import { renderSvg } from '../src/report/html/render-svg.js';
import { tableHtml } from '../src/report/html/table.js';
import { runCli } from './support/cli.js';
import { layoutProblems } from './support/layout.js';

/*
 * The HTML reports opened in a real browser: Debian's chromium driven by playwright-core. Without
 * chromium the test is skipped with a message, except in CI (CI=true), where a missing browser fails.
 * Each report kind (hub run, rollout, sweep) is shown at 1,400 px, the width of a laptop screen, and
 * must keep the layout rules of tests/support/layout.ts (no table wider than the page, no legend
 * clipped); a page made to break them shows that the check fails. Screenshots go to tests/artifacts/
 * (committed, so that a reviewer sees the reports without running anything; PNG at 1 px per CSS px,
 * a few hundred kB each).
 */

// HUBSIM_CHROMIUM overrides the path (for example to check the skip and the CI failure).
const CHROMIUM = process.env.HUBSIM_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
const IN_CI = process.env.CI === 'true';
const ARTIFACTS = path.resolve('tests/artifacts');
const SLOW = 180_000;
/** The page width the reports must fit (px). */
const PAGE_WIDTH = 1_400;
const SKIP_NOTE = `skipped: ${CHROMIUM} not found (install it with: apt-get update && apt-get install -y chromium)`;

if (!HAVE_CHROMIUM && !IN_CI) console.warn(`tests/browser.test.ts ${SKIP_NOTE}`);

// Defined only when it must fail, so a normal run does not count it as skipped.
if (!HAVE_CHROMIUM && IN_CI) {
  describe('browser in CI', () => {
    it('has chromium installed (CI=true: .ci/run installs it)', () => {
      expect.fail(`${CHROMIUM} is missing in CI; .ci/run must install it (apt-get install -y chromium)`);
    });
  });
}

describe.skipIf(!HAVE_CHROMIUM)(`report in headless chromium${HAVE_CHROMIUM ? '' : ` (${SKIP_NOTE})`}`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-browser-'));
  let browser: Browser;

  beforeAll(async () => {
    const run = await runCli('run', 'scenarios/examples/business-park.yaml', '--out', path.join(dir, 'hub'), '--series', '--report');
    expect(run.code, run.stderr).toBe(0);
    const rollout = await runCli('rollout', 'tests/fixtures/rollout-small.yaml', '--workers', '1', '--out', path.join(dir, 'rollout'), '--report');
    expect(rollout.code, rollout.stderr).toBe(0);
    // A small sweep of the business park: two batteries x two strategies x 4 weather draws.
    const swept = await runCli('sweep', 'tests/fixtures/browser-sweep.yaml', '--workers', '1', '--out', path.join(dir, 'sweep'));
    expect(swept.code, swept.stderr).toBe(0);
    const report = await runCli('report', path.join(dir, 'sweep'));
    expect(report.code, report.stderr).toBe(0);
    // The shipped MRA rollout as its regression baseline holds it: 20 terrains, 6 substations, 5 strategies
    // (wider tables and more facets than the small fixture), reported without running it.
    fs.mkdirSync(path.join(dir, 'rollout-mra-20'));
    fs.copyFileSync('tests/regression/mra-20/results.json', path.join(dir, 'rollout-mra-20', 'results.json'));
    const mra = await runCli('report', path.join(dir, 'rollout-mra-20'));
    expect(mra.code, mra.stderr).toBe(0);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
  });

  const cases: { name: string; charts: string[]; screenshot?: boolean }[] = [
    { name: 'hub', charts: ['load-duration', 'cap-heatmap', 'week'] },
    { name: 'rollout', charts: ['terrain-peak-reduction', 'terrain-avoided-cost', 'substation-load', 'waterfall'] },
    { name: 'sweep', charts: ['cost-target'] },
    // Checked, not photographed: its page is 29,000 px tall.
    { name: 'rollout-mra-20', charts: ['terrain-peak-reduction', 'terrain-avoided-cost', 'substation-load', 'waterfall'], screenshot: false },
  ];
  for (const c of cases) {
    it(`shows every ${c.name} chart with a size at ${PAGE_WIDTH} px, every table and legend within the page, without console errors or network requests`, async () => {
      const page = await browser.newPage({ viewport: { width: PAGE_WIDTH, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      const file = path.join(dir, c.name, 'report.html');
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      const charts = await page.$$eval('figure.chart', (figs) =>
        figs.map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return { id: f.getAttribute('data-chart'), width: box?.width ?? 0, height: box?.height ?? 0, marks: svg?.querySelectorAll('path, line, text').length ?? 0 };
        }),
      );
      expect(charts.map((x) => x.id)).toEqual(c.charts);
      for (const chart of charts) {
        expect(chart.width, chart.id!).toBeGreaterThan(100);
        expect(chart.height, chart.id!).toBeGreaterThan(100);
        expect(chart.marks, chart.id!).toBeGreaterThan(10);
      }
      // The tables render too: the first row of numbers is laid out with a size.
      const tableHeight = await page.$eval('table', (t) => t.getBoundingClientRect().height);
      expect(tableHeight).toBeGreaterThan(20);
      // Every legend is measured: a chart whose legend the check did not find would pass unseen.
      const legends = await page.$$eval('figure.chart svg .role-legend', (g) => g.length);
      expect(legends).toBeGreaterThanOrEqual(c.charts.length);
      expect(await layoutProblems(page)).toEqual([]);

      if (c.screenshot !== false) {
        const shot = path.join(ARTIFACTS, `report-${c.name}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
      }
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    }, SLOW);
  }

  it('finds a table wider than the page and a clipped legend (a page made to break both rules)', async () => {
    // A cell that cannot wrap (one 400-character word) makes the table wider than any page; a chart
    // 1,600 px wide puts its legend (on the right) beyond the 1,400 px window.
    const table = tableHtml({ id: 'too-wide', columns: [{ name: 'x', label: 'x' }], rows: [{ key: 'r', cells: ['w'.repeat(400)] }] });
    const spec = { width: 1_600, height: 100, data: { values: [{ a: 1, b: 2, c: 'one' }, { a: 2, b: 3, c: 'two' }] }, mark: 'line', encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' }, color: { field: 'c', type: 'nominal' } } };
    const chart = chartHtml({ id: 'too-wide-chart', caption: 'legend beyond the page', svg: await renderSvg(spec as never, 'too-wide-chart') });
    const file = path.join(dir, 'too-wide.html');
    fs.writeFileSync(file, pageHtml('too wide', 'a page that breaks the layout rules', [{ title: 'table', html: table }, { title: 'chart', html: chart }]));
    const page = await browser.newPage({ viewport: { width: PAGE_WIDTH, height: 900 } });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const problems = await layoutProblems(page);
    await page.close();
    expect(problems.some((p) => /^table too-wide part 1 is \d+ px wide and scrolls/.test(p)), problems.join('\n')).toBe(true);
    expect(problems.some((p) => /^chart too-wide-chart legend 1 spans/.test(p)), problems.join('\n')).toBe(true);
  }, SLOW);
});
