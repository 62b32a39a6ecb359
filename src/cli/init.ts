import { writeFileSync } from 'node:fs';
import { fail } from '../errors.js';
import type { Io } from './io.js';

/**
 * The hub file `hubsim init` writes: a small business park on shipped shapes, so it runs as it is,
 * with every part of a hub file shown and commented (the optional ones commented out), and the
 * lines to swap a shape for a meter export.
 */
export const INIT_HUB = `# A hub file to start from (written by hubsim init). Run it with: hubsim run THIS-FILE
# Check it after editing with: hubsim validate THIS-FILE. Every field: README, "The hub file".
name: My business park
description: Three companies sharing one grid connection, with rooftop PV and a battery.

# The time axis: a UTC calendar year (2019 and 2023 have shipped profiles) in steps of 60 or 15 minutes.
axis: { year: 2023, stepMinutes: 60 }

# The companies behind the collective connection. A profile is a constant kW, one value per step,
# a shipped shape (nedu-e3a offices, nedu-e3b shops and logistics, nedu-e3d industry, datacenter)
# scaled to annualKwh, peakKw or meanKw, or a CSV file.
members:
  - { id: offices, kind: business, profile: { shape: nedu-e3a, annualKwh: 1200000 }, ownConnectionKw: 400 }
  - { id: logistics, kind: business, profile: { shape: nedu-e3b, annualKwh: 2000000 }, ownConnectionKw: 600 }
  - { id: workshop, kind: industry, profile: { shape: nedu-e3d, annualKwh: 1500000 }, ownConnectionKw: 350 }
  # A meter export instead of a shape: kWh per quarter hour, "Datum;Tijd;Verbruik" with decimal
  # commas in local time (the separator, the decimal comma and the date order are detected).
  # - id: bakery
  #   kind: business
  #   profile:
  #     file: bakery-2023.csv     # relative to this file
  #     unit: kWh                 # energy per interval; kW or MW for power
  #     timezone: Europe/Amsterdam
  #     time: [Datum, Tijd]       # the columns that make the timestamp
  #     label: start              # or end: the timestamp closes its interval
  #     fill: linear              # fill missing intervals (counted in the results); omit to refuse them
  #     reuseYear: true           # serve other years (a rollout's weather years) from this metered year

# The collective connection (kW): what the grid operator contracts for import and export.
connection: { importCapKw: 900, exportCapKw: 400 }

# Local generation: PV in kWp (shipped profile pv-roof), wind in kW rated (wind-onshore).
pv: { kwp: 800 }
# wind: { ratedKw: 500 }

# A shared battery: energy (kWh) and power (kW).
battery: { energyKwh: 1000, powerKw: 400 }

# Loads that congestion management may switch off: a share of a member's load, hours per day.
flexibleLoad:
  - { member: workshop, share: 0.2, maxHoursPerDay: 4 }

# The strategies to compare (default: baseline, congestion, peak-shaving, self-consumption, optimal).
# strategies:
#   - kind: baseline
#   - kind: peak-shaving
#   - kind: optimal
`;

/** The file hubsim init writes without a name. */
export const INIT_DEFAULT_FILE = `hub.yaml`;

/** `hubsim init [FILE]`: write INIT_HUB to FILE (default hub.yaml), never over an existing file. */
export function initCommand(file: string | undefined, io: Io): number {
  const path = file ?? INIT_DEFAULT_FILE;
  try {
    writeFileSync(path, INIT_HUB, { flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') fail('init.exists', { file: path }, 'already exists; hubsim init never overwrites a file: give another name, or remove it first');
    fail('init.cannotWrite', { file: path }, `cannot be written (${code ?? 'error'}); check the folder exists and is writable`);
  }
  io.stdout.write(`wrote ${path}; run it with hubsim run ${path}, check your edits with hubsim validate ${path}\n`);
  return 0;
}
