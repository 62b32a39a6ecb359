/** Numbers in outputs: 12 significant digits, so results are stable bytes without float noise. */
export function roundNumber(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  return Number(x.toPrecision(12));
}

/** A CSV cell: empty for null or a non-finite number, text quoted when it needs it. */
export function csvCell(v: number | string | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(roundNumber(v)) : '';
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
