import type { ResolvedHub } from '../model/resolved.js';
import type { Recorder } from '../engine/recorder.js';

/** A per-step output column: its CSV name (with its unit), unit, description and values. */
export interface SeriesColumn {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /** input: the hub's own columns (demand, generation, caps), the same for every strategy; simulated: the run's. */
  readonly basis: 'input' | 'simulated';
  readonly values: (hub: ResolvedHub, rec: Recorder) => ArrayLike<number>;
  /** Written only for hubs where this holds; absent: always. */
  readonly when?: (hub: ResolvedHub) => boolean;
}

const shifts = (hub: ResolvedHub): boolean => hub.flexible.some((f) => f.recoverSteps > 0);

/** The columns of series-<strategy>.csv, after time_utc. Single source for the CSV and the README. */
export const SERIES_COLUMNS: readonly SeriesColumn[] = [
  { name: 'demand_kw', unit: 'kW', description: 'Members\' consumption before shedding.', basis: 'input', values: (h) => h.demandKw },
  { name: 'pv_kw', unit: 'kW', description: 'PV output available.', basis: 'input', values: (h) => h.pvKw },
  { name: 'wind_kw', unit: 'kW', description: 'Wind output available.', basis: 'input', values: (h) => h.windKw },
  { name: 'import_cap_kw', unit: 'kW', description: 'Import cap (empty when none).', basis: 'input', values: (h) => h.importCapKw },
  { name: 'export_cap_kw', unit: 'kW', description: 'Export cap (empty when none).', basis: 'input', values: (h) => h.exportCapKw },
  { name: 'grid_kw', unit: 'kW', description: 'Grid exchange: > 0 import, < 0 export.', basis: 'simulated', values: (_h, r) => r.gridKw },
  { name: 'battery_kw', unit: 'kW', description: 'Battery power at the grid side: > 0 charge, < 0 discharge.', basis: 'simulated', values: (_h, r) => r.batteryKw },
  { name: 'soc_kwh', unit: 'kWh', description: 'Stored energy at the end of the step.', basis: 'simulated', values: (_h, r) => r.socKwh },
  { name: 'shed_kw', unit: 'kW', description: 'Flexible load switched off.', basis: 'simulated', values: (_h, r) => r.shedKw },
  { name: 'curtailed_kw', unit: 'kW', description: 'PV and wind output curtailed.', basis: 'simulated', values: (_h, r) => r.curtailedKw },
  { name: 'recovered_kw', unit: 'kW', description: 'Shifted load served again below the cap, on top of demand (only for hubs with recoverWithinHours).', basis: 'simulated', values: (_h, r) => r.recoveredKw, when: shifts },
  { name: 'rebound_kw', unit: 'kW', description: 'Shifted load served at its deadline regardless of the cap, on top of demand (only for hubs with recoverWithinHours).', basis: 'simulated', values: (_h, r) => r.reboundKw, when: shifts },
  { name: 'flags', unit: 'bits', description: 'Violations: 1 import above cap, 2 export above cap, 4 battery setpoint clipped, 8 shedding limited, 16 curtailment limited; 32 forced rebound of shifted load.', basis: 'simulated', values: (_h, r) => r.flags },
];
