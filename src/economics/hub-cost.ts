import type { Battery } from '../model/battery.js';
import type { HubCapex } from '../model/economics.js';

/*
 * Capital cost of one hub, spent in its start year. The agenda's figure is about EUR 10M per hub
 * (infrastructure, equipment, software; docs/sources.md section 2). A battery is priced on top when the
 * scenario gives its costs:
 *
 *   batteryEur = energyKwh x batteryEurPerKwh + powerKw x batteryEurPerKw   (a missing price counts 0)
 */

export interface HubCapexEur {
  infrastructureEur: number;
  /** Equipment other than the battery. */
  equipmentEur: number;
  softwareEur: number;
  batteryEur: number;
  totalEur: number;
}

/** The capex of one hub by part, the battery priced from its energy and power when costs are given. */
export function hubCapexEur(capex: HubCapex, battery?: { energyKwh: number; powerKw: number }): HubCapexEur {
  const batteryEur = battery === undefined ? 0 : battery.energyKwh * (capex.batteryEurPerKwh ?? 0) + battery.powerKw * (capex.batteryEurPerKw ?? 0);
  const { infrastructureEur, equipmentEur, softwareEur } = capex;
  return { infrastructureEur, equipmentEur, softwareEur, batteryEur, totalEur: infrastructureEur + equipmentEur + softwareEur + batteryEur };
}

/**
 * The total capex of one hub with the scenario's battery, if it has one: priced at its energy and at the
 * larger of its charge and discharge power.
 */
export function hubWithBatteryCapexEur(capex: HubCapex, battery: Battery | undefined): number {
  const priced = battery ? { energyKwh: battery.energyKwh, powerKw: Math.max(battery.chargeKw ?? battery.powerKw ?? 0, battery.dischargeKw ?? battery.powerKw ?? 0) } : undefined;
  return hubCapexEur(capex, priced).totalEur;
}
