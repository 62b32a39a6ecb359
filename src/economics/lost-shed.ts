/*
 * Lost shed load as a rollout flow (docs/economics.md section 6). Flexible load a strategy sheds from a
 * load without recoverWithinHours is never served; it is priced at the value of lost load against the
 * reference without hubs, as a cost to the members and to society (negative), at the end of its year:
 *
 *   lostShedEur = -(unservedShedKwh(strategy) - unservedShedKwh(without hubs)) x valueOfLostLoadEurPerKwh
 *                 (kWh x EUR/kWh = EUR; the reference runs uncontrolled and sheds nothing)
 *
 * It never holds a kWh of unserved energy (import above the granted cap): shed load is switched off
 * before the meter and never imported. Shedding to hold the cap moves x kWh from the one to the other,
 * so avoided unserved energy gains x x VoLL and this flow loses the same.
 */

/** The flow of one terrain-year (EUR, <= 0 when the strategy sheds at least as much as the reference). */
export function lostShedEur(unservedShedKwh: number, referenceUnservedShedKwh: number, valueOfLostLoadEurPerKwh: number): number {
  return (referenceUnservedShedKwh - unservedShedKwh) * valueOfLostLoadEurPerKwh;
}
