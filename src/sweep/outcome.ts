/**
 * What one hub-year of a sweep yields, in this order (one Float64Array slot each). These are the
 * per-draw values the quantiles are taken over.
 */
export const OUTCOMES = [
  { name: 'peakImportKw', unit: 'kW', description: 'Highest grid import.' },
  { name: 'hoursAboveImportCap', unit: 'h', description: 'Time with grid import above the import cap.' },
  { name: 'energyAboveImportCapKwh', unit: 'kWh', description: 'Energy imported above the import cap.' },
  { name: 'energyShedKwh', unit: 'kWh', description: 'Flexible load switched off.' },
  { name: 'energyCurtailedKwh', unit: 'kWh', description: 'PV and wind output curtailed.' },
  { name: 'importEnergyKwh', unit: 'kWh', description: 'Energy imported from the grid.' },
  { name: 'kwmaxCostEur', unit: 'EUR', description: 'Network tariff: sum over the billing months (local calendar months; the last local hour of a UTC year, in the next January, is not billed) of the month\'s highest import x the kWmax rate (economics.kwmaxEurPerKwMonth, else the tariff\'s, else 3). On a 15-minute axis the month\'s highest PTU.' },
  { name: 'energyCostEur', unit: 'EUR', description: 'Imported minus exported energy at the day-ahead price of its hour (of the day the draw took).' },
  {
    name: 'substationPeakKw',
    unit: 'kW',
    description:
      "Highest load of the substation the terrain hangs from: its background in the sweep year, plus the other terrains of the substation uncontrolled, plus this hub's grid exchange, all on the same drawn days (rollout sweeps; empty for a hub file).",
  },
  { name: 'unservedShedKwh', unit: 'kWh', description: 'Lost load: flexible load shed from loads without recoverWithinHours, never served (part of energyShedKwh); priced at the value of lost load in annualCostEur.' },
] as const;

export type OutcomeName = (typeof OUTCOMES)[number]['name'];
export const K = OUTCOMES.length;
