import type { Gopacs } from '../model/flex-market.js';

/** What cleared in one step (kW of import reduction, and its value in EUR per hour at pay-as-bid). */
export interface ClearedStep {
  batteryKw: number;
  shedKw: number;
  eurPerHour: number;
}

/**
 * Clear the hub's bid ladder against one step's request (pay-as-bid, as GOPACS/IDCONS): steps are
 * taken from the cheapest up while their price is at most the grid operator's willingness to pay
 * and volume is still requested; each step gives at most what its resource can deliver in the step
 * (battery power left after the contract and peak shaving, flexible load available).
 */
export function clearStep(gopacs: Gopacs, requestKw: number, batteryRoomKw: number, shedRoomKw: number, out: ClearedStep): ClearedStep {
  out.batteryKw = 0;
  out.shedKw = 0;
  out.eurPerHour = 0;
  let left = requestKw;
  let battery = batteryRoomKw > 0 ? batteryRoomKw : 0;
  let shed = shedRoomKw > 0 ? shedRoomKw : 0;
  for (const bid of ladder(gopacs)) {
    if (left <= 0 || bid.priceEurPerMwh > gopacs.willingnessToPayEurPerMwh) break;
    const room = bid.resource === 'battery' ? battery : shed;
    const take = Math.min(bid.kw, left, room);
    if (take <= 0) continue;
    if (bid.resource === 'battery') {
      out.batteryKw += take;
      battery -= take;
    } else {
      out.shedKw += take;
      shed -= take;
    }
    out.eurPerHour += (take / 1000) * bid.priceEurPerMwh;
    left -= take;
  }
  return out;
}

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
