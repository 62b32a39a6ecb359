import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * A Vega-Lite specification drawn as an SVG string, in Node, without a browser or a canvas: vega-lite
 * compiles it to a Vega specification and a headless vega View (renderer 'none') writes the SVG.
 * Text widths are estimated by vega without a canvas, which is deterministic: same spec, same bytes.
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
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

/** Shared look of every chart: plain fonts (no web font is fetched), no chart border. */
export const CHART_CONFIG = {
  font: 'sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 240 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  title: { fontSize: 14, anchor: 'start' },
} as const;
