import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

/*
 * The HTML reports opened in a real browser: Debian's chromium driven by playwright-core. Without
 * chromium the test is skipped with a message, except in CI (CI=true), where a missing browser fails.
 * Screenshots go to tests/artifacts/ (git-ignored) for a person to look at.
 */

// HUBSIM_CHROMIUM overrides the path (for example to check the skip and the CI failure).
const CHROMIUM = process.env.HUBSIM_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
const IN_CI = process.env.CI === 'true';
const ARTIFACTS = path.resolve('tests/artifacts');
const SLOW = 180_000;
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
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
  });

  const cases = [
    { name: 'hub', charts: ['load-duration', 'cap-heatmap', 'week'] },
    { name: 'rollout', charts: ['terrain-peak-reduction', 'terrain-avoided-cost', 'substation-load', 'waterfall'] },
  ];
  for (const c of cases) {
    it(`shows every ${c.name} chart with a size, without console errors or network requests`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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

      const shot = path.join(ARTIFACTS, `report-${c.name}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    }, SLOW);
  }
});
