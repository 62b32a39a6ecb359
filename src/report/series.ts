import type { ResolvedHub } from '../model/resolved.js';
import type { RecordedRun } from '../engine/simulate.js';
import type { MarketPositions } from '../flex/positions.js';
import { dayAheadPrices } from '../profiles/prices.js';

/** A per-step output column: its CSV name (with its unit), unit, description and values. */
export interface SeriesColumn {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /** input: the hub's own columns (demand, generation, caps, prices), the same for every strategy; simulated: the run's. */
  readonly basis: 'input' | 'simulated';
  readonly values: (hub: ResolvedHub, run: RecordedRun) => ArrayLike<number>;
  /** Written only for runs where this holds; absent: always. */
  readonly when?: (hub: ResolvedHub, run: RecordedRun) => boolean;
}

const shifts = (hub: ResolvedHub): boolean => hub.flexible.some((f) => f.recoverSteps > 0);
/** A run that holds flex market positions (the flex strategy): its settlement's columns are written. */
const trades = (_hub: ResolvedHub, run: RecordedRun): boolean => run.positions !== undefined;
const positions = (run: RecordedRun): MarketPositions => run.positions!;
/** Cleared volume of a side: the battery's part plus shedding (import) or curtailment (export), kW. */
const sum = (a: Float64Array, b: Float64Array): Float64Array => a.map((x, t) => x + b[t]);

/** The columns of series-<strategy>.csv, after time_utc. Single source for the CSV and the README. */
export const SERIES_COLUMNS: readonly SeriesColumn[] = [
  { name: 'demand_kw', unit: 'kW', description: 'Members\' consumption before shedding.', basis: 'input', values: (h) => h.demandKw },
  { name: 'pv_kw', unit: 'kW', description: 'PV output available.', basis: 'input', values: (h) => h.pvKw },
  { name: 'wind_kw', unit: 'kW', description: 'Wind output available.', basis: 'input', values: (h) => h.windKw },
  { name: 'import_cap_kw', unit: 'kW', description: 'Import cap (empty when none).', basis: 'input', values: (h) => h.importCapKw },
  { name: 'export_cap_kw', unit: 'kW', description: 'Export cap (empty when none).', basis: 'input', values: (h) => h.exportCapKw },
  { name: 'grid_kw', unit: 'kW', description: 'Grid exchange: > 0 import, < 0 export.', basis: 'simulated', values: (_h, r) => r.recorder.gridKw },
  { name: 'battery_kw', unit: 'kW', description: 'Battery power at the grid side: > 0 charge, < 0 discharge.', basis: 'simulated', values: (_h, r) => r.recorder.batteryKw },
  { name: 'soc_kwh', unit: 'kWh', description: 'Stored energy at the end of the step.', basis: 'simulated', values: (_h, r) => r.recorder.socKwh },
  { name: 'shed_kw', unit: 'kW', description: 'Flexible load switched off.', basis: 'simulated', values: (_h, r) => r.recorder.shedKw },
  { name: 'curtailed_kw', unit: 'kW', description: 'PV and wind output curtailed.', basis: 'simulated', values: (_h, r) => r.recorder.curtailedKw },
  { name: 'recovered_kw', unit: 'kW', description: 'Shifted load served again below the cap, on top of demand (only for hubs with recoverWithinHours).', basis: 'simulated', values: (_h, r) => r.recorder.recoveredKw, when: shifts },
  { name: 'rebound_kw', unit: 'kW', description: 'Shifted load served at its deadline regardless of the cap, on top of demand (only for hubs with recoverWithinHours).', basis: 'simulated', values: (_h, r) => r.recorder.reboundKw, when: shifts },
  { name: 'flags', unit: 'bits', description: 'Violations: 1 import above cap, 2 export above cap, 4 battery setpoint clipped, 8 shedding limited, 16 curtailment limited; 32 forced rebound of shifted load.', basis: 'simulated', values: (_h, r) => r.recorder.flags },
  // The flex market's positions, for its settlement (docs/contracts.md section 7 recomputes the money from them).
  { name: 'gopacs_cleared_kw', unit: 'kW', description: 'flex: import reduction cleared on GOPACS for the step (battery and shedding); delivered is min(cleared, max(0, gopacs_baseline_kw - grid_kw)).', basis: 'simulated', values: (_h, r) => sum(positions(r).gopacsBatteryKw, positions(r).gopacsShedKw), when: trades },
  { name: 'gopacs_cleared_battery_kw', unit: 'kW', description: 'flex: of gopacs_cleared_kw, the part the battery was to give (the rest from shedding); the battery energy it took is bought back when the battery next charges.', basis: 'simulated', values: (_h, r) => positions(r).gopacsBatteryKw, when: trades },
  { name: 'gopacs_baseline_kw', unit: 'kW', description: 'flex: the import the plan had in the step without its GOPACS bids, from which delivery is measured.', basis: 'simulated', values: (_h, r) => positions(r).gopacsBaselineKw, when: trades },
  { name: 'gopacs_bid_eur_per_h', unit: 'EUR/h', description: 'flex: the cleared import bids at their own prices (EUR per hour of the step), paid pro rata to the share delivered.', basis: 'simulated', values: (_h, r) => positions(r).gopacsEurPerHour, when: trades },
  { name: 'gopacs_export_cleared_kw', unit: 'kW', description: 'flex: export reduction cleared on GOPACS in feed-in congestion (battery charging and curtailment); delivered is min(cleared, max(0, gopacs_export_baseline_kw - export)).', basis: 'simulated', values: (_h, r) => sum(positions(r).gopacsExportBatteryKw, positions(r).gopacsCurtailKw), when: trades },
  { name: 'gopacs_export_baseline_kw', unit: 'kW', description: 'flex: the export the plan had in the step without its export bids (kW, positive).', basis: 'simulated', values: (_h, r) => positions(r).gopacsExportBaselineKw, when: trades },
  { name: 'gopacs_export_bid_eur_per_h', unit: 'EUR/h', description: 'flex: the cleared export bids at their own prices (EUR per hour of the step), paid pro rata to the share delivered.', basis: 'simulated', values: (_h, r) => positions(r).gopacsExportEurPerHour, when: trades },
  { name: 'arbitrage', unit: '1', description: 'flex: the day-ahead trade planned for the step: 1 bought to charge, -1 sold from the battery, 0 none.', basis: 'simulated', values: (_h, r) => positions(r).arbitrage, when: trades },
  { name: 'day_ahead_eur_per_mwh', unit: 'EUR/MWh', description: 'flex: the NL day-ahead price of the step (the shipped ENTSO-E year of the axis, or the substitute the provenance names), which prices arbitrage and the GOPACS energy legs.', basis: 'input', values: (h) => dayAheadPrices(h.axis), when: trades },
];
