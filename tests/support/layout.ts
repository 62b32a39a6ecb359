import type { Page } from 'playwright-core';

/** What the check reads of an element (tests are type-checked without the DOM's types). */
interface El {
  readonly parentElement: El | null;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { left: number; right: number; width: number; height: number };
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): { forEach(f: (e: El, k: number) => void): void };
}

/**
 * The layout rules of a report page, measured in the browser at the page's width: no part of the
 * page wider than the window, no table wider than the space it has (a table that scrolls sideways
 * in its wrapper is cut on screen and in print), and no chart legend clipped (outside its chart's
 * visible box or the window) or with a label cut short ("..." added by vega's labelLimit).
 * Returns one sentence per broken rule; an empty list when the page keeps them all.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  // Run in the page on its root element (tests are type-checked without the DOM's globals).
  return page.$eval('html', (root: { ownerDocument: El & { documentElement: El } }) => {
    const doc = root.ownerDocument;
    const problems: string[] = [];
    const view = doc.documentElement.clientWidth;
    const pageWidth = doc.documentElement.scrollWidth;
    if (pageWidth > view) problems.push(`the page is ${pageWidth} px wide in a ${view} px window`);
    doc.querySelectorAll('table').forEach((t: El) => {
      const name = `table ${t.getAttribute('data-table')} part ${t.getAttribute('data-part')}`;
      const box = t.getBoundingClientRect();
      const holder = t.parentElement!;
      if (holder.scrollWidth > holder.clientWidth + 1) problems.push(`${name} is ${Math.round(box.width)} px wide and scrolls in a ${holder.clientWidth} px box`);
      if (box.right > view + 1 || box.left < -1) problems.push(`${name} reaches ${Math.round(box.left)} to ${Math.round(box.right)} px of a ${view} px window`);
    });
    doc.querySelectorAll('figure.chart').forEach((f: El) => {
      const name = `chart ${f.getAttribute('data-chart')}`;
      const fig = f.getBoundingClientRect();
      // The figure scrolls sideways (overflow-x: auto): what lies beyond its client width is not seen.
      const right = Math.min(fig.left + f.clientWidth, view);
      const legends = f.querySelectorAll('svg .role-legend');
      legends.forEach((g: El, k: number) => {
        const b = g.getBoundingClientRect();
        if (b.width === 0 || b.height === 0) problems.push(`${name} legend ${k + 1} has no size`);
        if (b.right > right + 1 || b.left < fig.left - 1) problems.push(`${name} legend ${k + 1} spans ${Math.round(b.left)} to ${Math.round(b.right)} px; its chart shows ${Math.round(fig.left)} to ${Math.round(right)} px`);
        g.querySelectorAll('text').forEach((text: El) => {
          if ((text.textContent ?? '').endsWith('…')) problems.push(`${name} legend ${k + 1} cuts the label "${text.textContent}"`);
        });
      });
      const svg = f.querySelector('svg');
      if (svg !== null && svg.getBoundingClientRect().right > right + 1) problems.push(`${name} is ${Math.round(svg.getBoundingClientRect().width)} px wide; its box shows ${Math.round(right - fig.left)} px`);
    });
    return problems;
  });
}
