/*
 * Attribution of a substation's avoided reinforcement V (present value, EUR) to its terrains, by their
 * contributions to its peak in every year of the horizon (docs/economics.md section 7):
 *
 *   lowered_i,y = import without hubs - with the strategy, at the reference's peak step (kW)
 *   raised_i,y  = import with the strategy - without hubs, at the strategy's peak step (kW)
 *   V >= 0: weight_i = sum_y max(0, lowered_i,y);   V < 0: weight_i = sum_y max(0, raised_i,y)
 *
 * so a terrain that never raised the substation's peak never gets a negative share. When V > 0 some
 * terrain lowered the reference's peak (the strategy's peak was lower in some year, so at the
 * reference's peak step the strategy's load was lower); when V < 0 some terrain raised the strategy's.
 *
 * Splitting a total over the terrains in proportion to their weights:
 *
 *   part_i = total x max(0, kW_i) / sum_j max(0, kW_j)
 *
 * A terrain that added load (kW_i < 0) gets nothing rather than a negative part.
 *
 * Exact sum: every part but the largest share's (the first if several tie) is rounded to a multiple of
 * g = the unit in the last place of the total; the largest share's part is total - sum(others). All
 * parts are then multiples of g, of the total's sign and at most |total|, so every partial sum is a
 * multiple of g below 2^53 g: representable, hence exact. The parts add up to the total bit for bit,
 * in any order. The rounding moves a part by at most g / 2 (about 1e-16 relative to the total).
 */

const sumInOrder = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** The unit in the last place of x (x finite and not 0): 2^(exponent of |x| - 52). */
function ulp(x: number): number {
  const a = Math.abs(x);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--; // log2 can round up just below a power of two
  if (2 ** (e + 1) <= a) e++;
  return 2 ** Math.max(e - 52, -1074);
}

/** The weights of each terrain (kW summed over the years) for a total of `totalEur`'s sign. */
export function attributionWeights(totalEur: number, loweredKw: readonly (readonly number[])[], raisedKw: readonly (readonly number[])[]): number[] {
  const byYear = totalEur >= 0 ? loweredKw : raisedKw;
  return byYear.map((years) => years.reduce((sum, kw) => sum + (kw > 0 ? kw : 0), 0));
}

/** The total split over terrains by their share of the avoided kW; the parts add up to the total exactly. */
export function attributeByShare(totalEur: number, avoidedKw: number[]): number[] {
  const shares = avoidedKw.map((kw) => (kw > 0 ? kw : 0));
  const sumShares = sumInOrder(shares);
  if (!(sumShares > 0) || totalEur === 0) return shares.map(() => 0);
  if (!Number.isFinite(totalEur)) throw new Error(`attributeByShare: total ${totalEur} is not finite`);
  let largest = 0;
  shares.forEach((s, i) => {
    if (s > shares[largest]) largest = i;
  });
  const g = ulp(totalEur);
  // x / g and Math.round(...) x g are exact: g is a power of two and |x / g| < 2^53.
  // A terrain without a share gets +0 (never -0 from a negative total).
  const parts = shares.map((s, i) => (i === largest || s === 0 ? 0 : Math.round((totalEur * (s / sumShares)) / g) * g));
  parts[largest] = totalEur - sumInOrder(parts);
  return parts;
}
