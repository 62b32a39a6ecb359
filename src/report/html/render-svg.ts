import type { TopLevelSpec } from 'vega-lite';

/**
 * A Vega-Lite specification drawn as an SVG string, in Node, without a browser or a canvas: vega-lite
 * compiles it to a Vega specification and a headless vega View (renderer 'none') writes the SVG.
 * Text widths are estimated by vega without a canvas, which is deterministic: same spec, same bytes.
 * vega and vega-lite (some 270 modules) are loaded with the first chart, so that a command that draws
 * none does not load them.
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return scopeIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

/**
 * vega numbers the ids of gradients and clip paths with a counter global to the process, so the same
 * chart would get other ids when drawn after others, and two charts of one page could collide.
 * Renaming every id to `<prefix>-<n>` in order of appearance makes them unique per page and the
 * same bytes however many charts were drawn before.
 */
export function scopeIds(svg: string, prefix: string): string {
  const ids = [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  const renamed = new Map(ids.map((id, n) => [id, `${prefix}-${n}`]));
  return svg.replace(/\bid="([^"]+)"|url\(#([^)]+)\)|href="#([^"]+)"/g, (whole, id?: string, url?: string, href?: string) => {
    if (id !== undefined) return `id="${renamed.get(id)}"`;
    const target = renamed.get((url ?? href)!);
    if (target === undefined) return whole;
    return url !== undefined ? `url(#${target})` : `href="#${target}"`;
  });
}

/** Shared look of every chart: plain fonts (no web font is fetched), no chart border, legends below. */
export const CHART_CONFIG = {
  font: 'sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 240 },
  // Legends under the chart, in up to three columns: beside a 900 px chart a legend of long strategy
  // names would reach past a 1,400 px page (the browser test measures it). Symbols opaque: a line
  // drawn faint or translucent (under dashes, a capacity) still shows its colour.
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320, symbolOpacity: 1, orient: 'bottom', direction: 'horizontal', columns: 3 },
  title: { fontSize: 14, anchor: 'start' },
} as const;

/** Length of one line's dash (px); where lines coincide their dashes take turns. */
const DASH_PX = 5;

/**
 * The dash of line `i` of `n` so that lines which coincide never hide one another: every line
 * draws a dash of DASH_PX and leaves (n - 1) x DASH_PX open, shifted by i dashes, so along a path that
 * several lines share their dashes take turns (a capacity that no hub changes, the years before a
 * hub starts, two strategies that act alike). One line alone draws a solid line.
 */
export function interleavedDash(i: number, n: number): { strokeDash: number[]; strokeDashOffset: number } {
  if (n <= 1) return { strokeDash: [1, 0], strokeDashOffset: 0 };
  return { strokeDash: [DASH_PX, (n - 1) * DASH_PX], strokeDashOffset: i * DASH_PX };
}
