import { findShipped, loadShipped } from '../profiles/catalogue.js';
import { alignToAxis } from '../profiles/align.js';
import { scaleShape } from '../profiles/scale.js';
import { mulberry32 } from '../random.js';
import { yearAxis, type TimeAxis } from '../time/axis.js';

/*
 * A national rollout scenario, drawn at random: business parks, logistics parks, industrial estates
 * and datacenter campuses (the kinds of terrain of scenarios/mra-20.yaml) on HV/MV substations,
 * every size drawn from the distributions below. docs/national.md gives each distribution with its
 * source, or says that it is an assumption. The parks are invented: a draw has the national mix and
 * the range of sizes, never a real park or station.
 *
 * A terrain is of a type drawn with the types' shares (TERRAIN_TYPES); it has n members, n uniform
 * in its type's range, the first of its type's first role, the others of a role drawn uniformly. A member's yearly energy is
 * log-normal around its role's median:
 *
 *   E = median x exp(sigma x z),   z ~ N(0, 1) cut to |z| <= 2.5                         (kWh/yr)
 *
 * (a datacenter its mean power, kW). The hub is then sized on its own load in the first weather year
 * as described (growth.baseYear 2025), as the mra-20 terrains are:
 *
 *   ownConnectionKw = 1.2 x the member's own peak                      (each member alone)
 *   pv.kwp          = u(0.05, 0.20) kWp per MWh/yr of the terrain's demand   (when it has PV)
 *   importCapKw     = u(0.85, 0.95) x the peak import without a battery   (the collective GTO cap)
 *   exportCapKw     = u(0.4, 0.8) x (kWp + wind kW), at least 100 kW
 *   battery.powerKw = u(0.10, 0.30) x that peak import, energyKwh = powerKw x (1 to 4 h)
 *
 * A substation takes one terrain each first, the rest uniformly at random; its background load
 * (homes and other companies) is a shipped business shape scaled to a log-normal peak, and its firm
 * capacity is its peak without hubs in the first year divided by a utilisation u(0.67, 0.85) (the
 * range the mra-20 stations start at), except for a share FIRMLESS_SHARE without a capacity, which
 * the rollout estimates as the ETM does.
 *
 * Every draw comes from one mulberry32 generator in a fixed order, and every number written is
 * rounded to a whole kW, kWh or a step of a share, so the same options give the same bytes.
 */

/** The generator's options: how many terrains and substations, and the seed of every draw. */
export interface NationalOptions {
  readonly terrains: number;
  readonly substations: number;
  readonly seed: number;
}

/** The most terrains one file may hold: about 7 MB of YAML (0.74 kB a terrain), under the 16 MB limit of a scenario file (limits.ts). */
export const MAX_NATIONAL_TERRAINS = 10_000;

type MemberKind = 'business' | 'industry' | 'datacenter' | 'other';
type ShapeId = 'nedu-e3a' | 'nedu-e3b' | 'nedu-e3d' | 'datacenter';

/** A company on a terrain: its growth kind, its shipped shape and the median of its size. */
interface Role {
  readonly id: string;
  readonly kind: MemberKind;
  readonly shape: ShapeId;
  /** Median yearly energy (kWh/yr), or for a datacenter its median mean power (kW). */
  readonly median: number;
  readonly sigma: number;
}

/** A kind of terrain: its share of all terrains, its companies and the chances of PV and wind. */
interface TerrainType {
  readonly id: 'business-park' | 'logistics' | 'industry' | 'datacenter';
  readonly label: string;
  readonly plural: string;
  readonly share: number;
  readonly members: readonly [number, number];
  readonly roles: readonly Role[];
  readonly pvChance: number;
  readonly windChance: number;
}

/** A role of sigma 0.6 unless told. */
const role = (id: string, kind: MemberKind, shape: ShapeId, median: number, sigma = 0.6): Role => ({ id, kind, shape, median, sigma });
const OFFICES = role('offices', 'business', 'nedu-e3a', 1_500_000);

/** The terrain catalogue (docs/national.md, "Terrains"): shares, members, roles (median kWh/yr; a datacenter's kW), PV and wind. */
export const TERRAIN_TYPES: readonly TerrainType[] = [
  { id: 'business-park', label: 'business park', plural: 'business parks', share: 0.55, members: [3, 5], pvChance: 0.8, windChance: 0,
    roles: [OFFICES, role('trade', 'business', 'nedu-e3b', 2_000_000), role('workshop', 'industry', 'nedu-e3d', 2_500_000), role('services', 'other', 'nedu-e3b', 1_000_000)] },
  { id: 'logistics', label: 'logistics park', plural: 'logistics parks', share: 0.2, members: [3, 5], pvChance: 0.9, windChance: 0.15,
    roles: [role('distribution', 'business', 'nedu-e3b', 7_000_000), role('coldstore', 'industry', 'nedu-e3d', 7_000_000), role('truck-charging', 'other', 'nedu-e3b', 3_000_000), OFFICES] },
  { id: 'industry', label: 'industrial estate', plural: 'industrial estates', share: 0.2, members: [2, 4], pvChance: 0.7, windChance: 0.25,
    roles: [role('plant', 'industry', 'nedu-e3d', 10_000_000, 0.7), role('logistics', 'business', 'nedu-e3b', 4_000_000), OFFICES] },
  { id: 'datacenter', label: 'datacenter campus', plural: 'datacenter campuses', share: 0.05, members: [2, 3], pvChance: 0.7, windChance: 0,
    roles: [role('datacenter', 'datacenter', 'datacenter', 2_500), OFFICES, role('heat-pump', 'other', 'nedu-e3d', 3_000_000)] },
];

/** Share of substations without a firm capacity (estimated from their first-year peak, as Almere in mra-20). */
export const FIRMLESS_SHARE = 0.15;
/** Background peak of a substation: log-normal around this median (kW), cut to [5 MW, 100 MW]. */
const BACKGROUND_MEDIAN_KW = 25_000;
const BACKGROUND_SIGMA = 0.5;
/** A station this large (capacity, or its estimate) is fed from the HV grid, whose reinforcement it also buys. */
const HV_FED_KW = 90_000;
/** The weather years every terrain is run in, and the year the terrains are sized on (the first). */
export const NATIONAL_WEATHER_YEARS = [2023, 2019] as const;
const BASE_YEAR = 2025;

/** Uniform and normal draws from one seeded generator. */
class Draws {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** A whole number from lo to hi, both included. */
  integer(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** median x exp(sigma x z), z standard normal (Box-Muller) cut to |z| <= 2.5. */
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
    return median * Math.exp(sigma * Math.max(-2.5, Math.min(2.5, z)));
  }

  pick<T extends { readonly share: number }>(items: readonly T[]): T {
    let r = this.next();
    for (const item of items) {
      if (r < item.share) return item;
      r -= item.share;
    }
    return items[items.length - 1];
  }
}

const roundTo = (value: number, step: number): number => Math.round(value / step) * step;

/** A drawn member as the file writes it. */
interface DrawnMember {
  readonly id: string;
  readonly kind: MemberKind;
  readonly shape: ShapeId;
  readonly annualKwh?: number;
  readonly meanKw?: number;
  readonly ownConnectionKw: number;
  readonly annualKwhAsRun: number;
}

/** A drawn terrain, its hub sized, and its net load in the first year (kW, for its substation). */
interface DrawnTerrain {
  readonly id: string;
  readonly type: TerrainType;
  readonly substation: number;
  readonly hubStartYear: number;
  readonly members: readonly DrawnMember[];
  readonly pvKwp: number;
  readonly windKw: number;
  readonly importCapKw: number;
  readonly exportCapKw: number;
  readonly battery: { readonly energyKwh: number; readonly powerKw: number };
  readonly flexible?: { readonly member: string; readonly share: number; readonly maxHoursPerDay: number };
}

interface DrawnSubstation {
  readonly id: string;
  readonly shape: 'nedu-e3a' | 'nedu-e3b';
  readonly backgroundPeakKw: number;
  readonly growthPerYear: number;
  readonly capacityKw?: number;
  readonly hvFed: boolean;
  readonly terrains: number;
}

/** The shipped columns every terrain is built from, on the first weather year's hourly axis. */
class Shapes {
  readonly axis: TimeAxis = yearAxis(NATIONAL_WEATHER_YEARS[0], 60);
  private readonly pv = alignToAxis(loadShipped(findShipped('pv-roof', NATIONAL_WEATHER_YEARS[0], 'pv')), this.axis);
  private readonly wind = alignToAxis(loadShipped(findShipped('wind-onshore', NATIONAL_WEATHER_YEARS[0], 'wind')), this.axis);

  /** A shape scaled as the hub file says (annualKwh or meanKw), as resolveHub scales it. */
  member(shape: ShapeId, scaling: { annualKwh?: number; meanKw?: number }): Float64Array {
    return scaleShape(loadShipped(findShipped(shape, NATIONAL_WEATHER_YEARS[0], 'shape')), this.axis, scaling);
  }

  /** PV and wind output (kW) for kWp and kW rated, step by step. */
  generation(kwp: number, windKw: number): Float64Array {
    const out = new Float64Array(this.axis.steps);
    for (let t = 0; t < out.length; t++) out[t] = this.pv[t] * kwp + this.wind[t] * windKw;
    return out;
  }
}

function peakOf(column: Float64Array): number {
  let peak = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < column.length; t++) if (column[t] > peak) peak = column[t];
  return peak;
}

/** Which substation each terrain hangs from: one terrain each first (in a shuffled order), the rest uniformly. */
function assignSubstations(draws: Draws, options: NationalOptions): number[] {
  const first = Array.from({ length: options.substations }, (_, i) => i);
  for (let i = first.length - 1; i > 0; i--) {
    const j = draws.integer(0, i);
    [first[i], first[j]] = [first[j], first[i]];
  }
  const rest = Array.from({ length: options.terrains - options.substations }, () => draws.integer(0, options.substations - 1));
  return [...first, ...rest];
}

/** Draw one terrain's members and size its hub; adds its net load (kW) into `substationLoad`. */
function drawTerrain(draws: Draws, shapes: Shapes, id: string, substation: number, substationLoad: Float64Array): DrawnTerrain {
  const type = draws.pick(TERRAIN_TYPES);
  const count = draws.integer(type.members[0], type.members[1]);
  const seen = new Map<string, number>();
  const demand = new Float64Array(shapes.axis.steps);
  const members: DrawnMember[] = [];
  for (let j = 0; j < count; j++) {
    const role = j === 0 ? type.roles[0] : type.roles[draws.integer(0, type.roles.length - 1)];
    const n = (seen.get(role.id) ?? 0) + 1;
    seen.set(role.id, n);
    const size = draws.logNormal(role.median, role.sigma);
    const scaling = role.kind === 'datacenter' ? { meanKw: Math.max(100, roundTo(size, 100)) } : { annualKwh: Math.max(100_000, roundTo(size, 100_000)) };
    const kw = shapes.member(role.shape, scaling);
    let energy = 0;
    for (let t = 0; t < kw.length; t++) {
      demand[t] += kw[t];
      energy += kw[t] * shapes.axis.stepHours;
    }
    members.push({ id: n === 1 ? role.id : `${role.id}-${n}`, kind: role.kind, shape: role.shape, ...scaling, ownConnectionKw: Math.max(50, roundTo(1.2 * peakOf(kw), 50)), annualKwhAsRun: energy });
  }
  // A first member of a repeated role is "offices", the second "offices-2": rename the first "offices-1".
  const named = members.map((m) => (seen.get(m.id) !== undefined && seen.get(m.id)! > 1 ? { ...m, id: `${m.id}-1` } : m));
  const demandMwh = named.reduce((s, m) => s + m.annualKwhAsRun, 0) / 1000;
  const pvKwp = draws.chance(type.pvChance) ? Math.max(100, roundTo(demandMwh * draws.uniform(0.05, 0.2), 100)) : 0;
  const windKw = draws.chance(type.windChance) ? 1000 * draws.integer(2, 6) : 0;
  const generation = shapes.generation(pvKwp, windKw);
  let peakImportKw = 0;
  for (let t = 0; t < demand.length; t++) {
    const net = demand[t] - generation[t];
    substationLoad[t] += net;
    if (net > peakImportKw) peakImportKw = net;
  }
  const importCapKw = roundTo(peakImportKw * draws.uniform(0.85, 0.95), 100);
  const exportCapKw = Math.max(100, roundTo((pvKwp + windKw) * draws.uniform(0.4, 0.8), 100));
  const powerKw = Math.max(100, roundTo(peakImportKw * draws.uniform(0.1, 0.3), 100));
  const battery = { powerKw, energyKwh: powerKw * draws.integer(1, 4) };
  const hubStartYear = draws.integer(2026, 2030);
  let flexible: DrawnTerrain['flexible'];
  if (draws.chance(0.5)) {
    // The largest member that is not a datacenter (a datacenter's load is not shed).
    const candidates = named.filter((m) => m.kind !== 'datacenter');
    const largest = candidates.reduce((a, b) => (b.annualKwhAsRun > a.annualKwhAsRun ? b : a), candidates[0]);
    const share = Math.round(draws.uniform(0.1, 0.4) * 20) / 20;
    const maxHoursPerDay = draws.integer(2, 6);
    if (largest !== undefined) flexible = { member: largest.id, share, maxHoursPerDay };
  }
  return { id, type, substation, hubStartYear, members: named, pvKwp, windKw, importCapKw, exportCapKw, battery, flexible };
}

/** Draw the substations' background, growth and capacity from their load without hubs in the first year. */
function drawSubstation(draws: Draws, shapes: Shapes, id: string, terrainLoad: Float64Array, terrains: number): DrawnSubstation {
  const shape = draws.chance(0.5) ? 'nedu-e3a' : 'nedu-e3b';
  const backgroundPeakKw = Math.min(100_000, Math.max(5_000, roundTo(draws.logNormal(BACKGROUND_MEDIAN_KW, BACKGROUND_SIGMA), 500)));
  const growthPerYear = [0.02, 0.025, 0.03][draws.integer(0, 2)];
  const background = scaleShape(loadShipped(findShipped(shape, NATIONAL_WEATHER_YEARS[0], 'shape')), shapes.axis, { peakKw: backgroundPeakKw });
  let peak = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < background.length; t++) peak = Math.max(peak, background[t] + terrainLoad[t]);
  const firm = !draws.chance(FIRMLESS_SHARE);
  const utilisation = draws.uniform(0.67, 0.85);
  const capacityKw = firm ? roundTo(peak / utilisation, 250) : undefined;
  // Without a firm capacity the rollout estimates it as the first-year peak / (1 - 0.25) (ETM spare share).
  const hvFed = (capacityKw ?? peak / 0.75) >= HV_FED_KW;
  return { id, shape, backgroundPeakKw, growthPerYear, capacityKw, hvFed, terrains };
}

/** The drawn scenario: terrains in substation order, and the substations. */
export interface NationalDraw {
  readonly terrains: readonly DrawnTerrain[];
  readonly substations: readonly DrawnSubstation[];
}

/** Draw a national scenario (options checked by the caller: 1 <= substations <= terrains <= MAX_NATIONAL_TERRAINS). */
export function drawNational(options: NationalOptions): NationalDraw {
  const draws = new Draws(options.seed);
  const shapes = new Shapes();
  const assignment = assignSubstations(draws, options);
  const tWidth = String(options.terrains).length;
  const sWidth = String(options.substations).length;
  const loads = Array.from({ length: options.substations }, () => new Float64Array(shapes.axis.steps));
  const terrains = assignment.map((s, i) => drawTerrain(draws, shapes, `t${String(i + 1).padStart(tWidth, '0')}`, s, loads[s]));
  const counts = new Array<number>(options.substations).fill(0);
  for (const s of assignment) counts[s]++;
  const substations = loads.map((load, s) => drawSubstation(draws, shapes, `s${String(s + 1).padStart(sWidth, '0')}`, load, counts[s]));
  const ordered = [...terrains].sort((a, b) => a.substation - b.substation || (a.id < b.id ? -1 : 1));
  return { terrains: ordered, substations };
}

/** The command line that writes the file, as its header gives it. */
export function nationalCommand(options: NationalOptions): string {
  return `hubsim generate national --terrains ${options.terrains} --substations ${options.substations} --seed ${options.seed}`;
}

/** The national scenario as a rollout file (YAML), its header naming the command that made it. */
export function generateNational(options: NationalOptions): string {
  const { terrains, substations } = drawNational(options);
  const shares = TERRAIN_TYPES.map((t) => `${terrains.filter((x) => x.type === t).length} ${t.plural}`).join(', ');
  const firm = substations.filter((s) => s.capacityKw !== undefined).length;
  const lines: string[] = [
    '# =====================================================================================================',
    '# SYNTHETIC SCENARIO - NOT MEASURED DATA. Written by a program; do not edit by hand. Made with:',
    `#   ${nationalCommand(options)} --out FILE   (the same bytes whatever FILE)`,
    '#',
    `# ${options.terrains} invented terrains: ${shares};`,
    `# on ${options.substations} invented HV/MV substations: ${firm} with a firm capacity, ${options.substations - firm} estimated as the ETM does.`,
    '# Every size is drawn from the distributions of docs/national.md (src/rollout/generate-national.ts),',
    '# sized on weather year 2023 as described in 2025. The mix and the ranges are meant to be national;',
    '# no terrain or substation is a real one. Do not quote results of this scenario as findings about',
    '# real places.',
    '# =====================================================================================================',
    `name: National rollout, ${options.terrains} terrains on ${options.substations} substations (synthetic, seed ${options.seed})`,
    'description: >-',
    `  Synthetic (not measured) national rollout: ${options.terrains} business parks, logistics parks, industrial estates`,
    `  and datacenter campuses on ${options.substations} substations, 2025-2035, weather years ${NATIONAL_WEATHER_YEARS.join(' and ')}, the three`,
    '  causal strategies.',
    '',
    'horizon:',
    '  startYear: 2025',
    '  endYear: 2035',
    `weatherYears: [${NATIONAL_WEATHER_YEARS.join(', ')}]`,
    '',
    '# The three causal strategies: congestion management, peak shaving with its online threshold and',
    "# guard, and the battery following the grid operator's day-ahead signal (grid-aware, plan day-ahead).",
    'strategies:',
    '  - kind: congestion',
    '  - kind: peak-shaving',
    '    guard: true',
    '  - kind: grid-aware',
    '    guard: true',
    '',
    '# Demand growth as in scenarios/mra-20.yaml.',
    'growth:',
    `  baseYear: ${BASE_YEAR}`,
    '  business:',
    '    perYear: 0.03',
    '  industry:',
    '    perYear: 0.04',
    '  datacenter:',
    '    factorByYear: { "2025": 1, "2030": 3 }',
    '  other:',
    '    perYear: 0.02',
    '  source: >-',
    '    As scenarios/mra-20.yaml: the datacenter factor is the regional (MRA) agenda\'s tripling by 2030,',
    '    applied nationally here (an assumption); business 3%/yr, industry 4%/yr, other 2%/yr: assumptions.',
    '',
    '# Substations: background is a shipped business shape scaled to its peak (kW); capacityKw the firm',
    '# capacity (omitted: estimated from the 2025 peak without hubs).',
    'substations:',
  ];
  for (const s of substations) {
    const fields = [`id: ${s.id}`];
    if (s.capacityKw !== undefined) fields.push(`capacityKw: ${s.capacityKw}`);
    if (s.hvFed) fields.push('voltageLevels: [MV network, MV/HV transformer, HV network]');
    fields.push(`backgroundLoad: { shape: ${s.shape}, peakKw: ${s.backgroundPeakKw} }`, `backgroundGrowthPerYear: ${s.growthPerYear}`);
    lines.push(`  - { ${fields.join(', ')} }`);
  }
  lines.push('', '# Terrains, grouped by substation; each hub inline.', 'terrains:');
  for (const t of terrains) lines.push(...terrainLines(t, substations[t.substation].id));
  lines.push(
    '',
    '# Economics: the defaults of src/model/economics.ts (docs/economics.md), with the discount rate as mra-20.',
    'economics:',
    '  discountRate: 0.04',
    "  discountRateSource: 'Assumption: 4% real, in the range Dutch social cost-benefit analyses use (the default of hubsim)'",
    '',
  );
  return lines.join('\n');
}

function terrainLines(t: DrawnTerrain, substation: string): string[] {
  const lines = [`  - id: ${t.id}`, `    substation: ${substation}`, `    hubStartYear: ${t.hubStartYear}`, '    hub:', `      name: ${t.id} ${t.type.label} (synthetic)`, '      members:'];
  for (const m of t.members) {
    const size = m.meanKw !== undefined ? `meanKw: ${m.meanKw}` : `annualKwh: ${m.annualKwh}`;
    lines.push(`        - { id: ${m.id}, kind: ${m.kind}, profile: { shape: ${m.shape}, ${size} }, ownConnectionKw: ${m.ownConnectionKw} }`);
  }
  lines.push(`      connection: { importCapKw: ${t.importCapKw}, exportCapKw: ${t.exportCapKw} }`);
  if (t.pvKwp > 0) lines.push(`      pv: { kwp: ${t.pvKwp} }`);
  if (t.windKw > 0) lines.push(`      wind: { ratedKw: ${t.windKw} }`);
  lines.push(`      battery: { energyKwh: ${t.battery.energyKwh}, powerKw: ${t.battery.powerKw} }`);
  if (t.flexible !== undefined) lines.push(`      flexibleLoad: [{ member: ${t.flexible.member}, share: ${t.flexible.share}, maxHoursPerDay: ${t.flexible.maxHoursPerDay} }]`);
  return lines;
}
