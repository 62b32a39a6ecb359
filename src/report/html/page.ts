/*
 * The HTML page around the charts and tables: one file with inline CSS and inline SVG, no script, no
 * font and no image fetched, so it opens anywhere without a network (and a browser reports nothing
 * to its console).
 */

/** Text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A chart in the page: an id the browser test finds it by, a caption, and its SVG. */
export interface ChartBlock {
  readonly id: string;
  readonly caption: string;
  readonly svg: string;
}

export interface PageSection {
  readonly title: string;
  /** Trusted HTML: charts (chartHtml) and tables (tableHtml) built here from escaped text. */
  readonly html: string;
}

export function chartHtml(c: ChartBlock): string {
  return `<figure class="chart" data-chart="${escapeHtml(c.id)}">\n${c.svg}\n<figcaption>${escapeHtml(c.caption)}</figcaption>\n</figure>`;
}

/** A paragraph of plain text. */
export function textHtml(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

const CSS = `
body { font-family: sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { font-size: 1.05em; margin-top: 1.5em; }
figure.chart { margin: 1em 0; overflow-x: auto; } figcaption { font-size: 0.9em; color: #555; max-width: 60em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 1em 0 0.5em; }
caption { text-align: left; color: #555; font-size: 0.9em; padding-bottom: 0.2em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.5em; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th { background: #f4f4f4; text-align: left; vertical-align: bottom; font-weight: 600; } th[scope="row"] { vertical-align: top; font-weight: normal; background: #fafafa; }
.table-wrap { overflow-x: auto; } .left-out { color: #555; font-size: 0.85em; max-width: 80em; }
.meta { color: #555; font-size: 0.9em; }
`;

/** The whole page. `meta` is a line under the title (what the results are and where they came from). */
export function pageHtml(title: string, meta: string, sections: readonly PageSection[]): string {
  const body = sections.map((s) => `<section>\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(meta)}</p>
${body}
</body>
</html>
`;
}
