import type { Gopacs } from '../model/flex-market.js';

/** What cleared in one step (kW of import or export reduction, and its value in EUR per hour at pay-as-bid). */
export interface ClearedStep {
  batteryKw: number;
  shedKw: number;
  curtailKw: number;
  eurPerHour: number;
}

/**
 * Clear the hub's bid ladder against one step's request (pay-as-bid, as GOPACS/IDCONS): the bids of
 * the request's direction are taken from the cheapest up while their price is at most the grid
 * operator's willingness to pay and volume is still requested; each gives at most what its resource
 * can deliver in the step. For an import request otherRoomKw is the flexible load available to
 * shed; for an export request, the generation available to curtail.
 */
export function clearStep(
  gopacs: Gopacs,
  requestKw: number,
  batteryRoomKw: number,
  otherRoomKw: number,
  out: ClearedStep,
  direction: 'import' | 'export' = 'import',
): ClearedStep {
  out.batteryKw = 0;
  out.shedKw = 0;
  out.curtailKw = 0;
  out.eurPerHour = 0;
  let left = requestKw;
  let battery = batteryRoomKw > 0 ? batteryRoomKw : 0;
  let other = otherRoomKw > 0 ? otherRoomKw : 0;
  const otherResource = direction === 'import' ? 'shedding' : 'curtailment';
  for (const bid of ladder(gopacs)) {
    if (left <= 0 || bid.priceEurPerMwh > gopacs.willingnessToPayEurPerMwh) break;
    if ((bid.direction ?? 'import') !== direction || (bid.resource !== 'battery' && bid.resource !== otherResource)) continue;
    const room = bid.resource === 'battery' ? battery : other;
    const take = Math.min(bid.kw, left, room);
    if (take < MIN_CLEARED_KW) continue;
    if (bid.resource === 'battery') {
      out.batteryKw += take;
      battery -= take;
    } else {
      if (direction === 'import') out.shedKw += take;
      else out.curtailKw += take;
      other -= take;
    }
    out.eurPerHour += (take / 1000) * bid.priceEurPerMwh;
    left -= take;
  }
  return out;
}

/**
 * The least a bid clears (kW): a room or request below a milliwatt is the rounding residue of the
 * powers it is worked out from (1e-14 kW seen), not an offer, and would count as an hour of GOPACS
 * that no output shows (the series CSV writes kW to a millionth).
 */
const MIN_CLEARED_KW = 1e-6;

const sorted = new WeakMap<Gopacs, Gopacs['bids']>();

/** The bids by price, cheapest first (ties keep the file's order). */
function ladder(gopacs: Gopacs): Gopacs['bids'] {
  let bids = sorted.get(gopacs);
  if (bids === undefined) {
    bids = [...gopacs.bids].sort((a, b) => a.priceEurPerMwh - b.priceEurPerMwh);
    sorted.set(gopacs, bids);
  }
  return bids;
}
