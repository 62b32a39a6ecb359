#!/usr/bin/env node
// Build the committed profiles in profiles/ (hourly, and the imbalance price per 15-minute PTU) and the DSO
// tariff tables in profiles/tariffs/ from public source data: KNMI hourly station data, Quintel ETM curves,
// NEDU 2015 standard profiles, ENTSO-E day-ahead and imbalance prices, and the DSO tariffs of the ACM tariff
// decisions (publishers, versions and licences in profiles/README.md and docs/sources.md). Those source data
// are not part of the repository; profiles/ is what ships, and hubsim never reads the source data. Only this
// script does, when the profiles are rebuilt, from a local copy in which each data set has a SOURCE.md note
// (origin, licence, sanity numbers); "SOURCE.md" below means that note.
//
//   node scripts/build-profiles.mjs [sharedDataDir] [outDir]      (npm run profiles)
//
// sharedDataDir: first argument, else $HUBSIM_SHARED_DATA, else <repo>/../shared/data (the local copy).
// outDir:        second argument, else <repo>/profiles.
//
// The output is deterministic (byte-identical across runs and machines): no timestamps, no absolute paths,
// fixed decimals, '\n' line endings, fixed iteration order. Every time conversion uses the explicit EU DST
// rule (CET = UTC+1; CEST = UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of October
// 01:00 UTC), which is cross-checked against Intl Europe/Amsterdam when the runtime supports it.
// Conventions and all choices are documented in the generated profiles/README.md.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { easterSundayUtc } from '../dist/time/calendar.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.resolve(process.argv[2] ?? process.env.HUBSIM_SHARED_DATA ?? path.join(REPO, '..', 'shared', 'data'));
const OUT = path.resolve(process.argv[3] ?? path.join(REPO, 'profiles'));

if (!fs.existsSync(DATA) || !fs.statSync(DATA).isDirectory()) {
  console.error(`build-profiles: shared data folder not found at ${DATA} (pass it as first argument or set HUBSIM_SHARED_DATA)`);
  process.exit(2);
}

const YEARS = [2019, 2023];
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

// ETM full-load hours, quintel/etsource datasets/nl20xx/central_producers.csv (see quintel-etm-curves/SOURCE.md).
const ETM_FLH = {
  solar: { 2019: 867, 2023: 950 },
  windInland: { 2019: 2069, 2023: 2756 },
};

// ---------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------

function fail(msg) {
  throw new Error(`build-profiles: ${msg}`);
}

function assert(cond, msg) {
  if (!cond) fail(msg);
}

/** Fixed-decimal formatting without exponent and without "-0.000". */
function fmt(x, decimals) {
  assert(Number.isFinite(x), `non-finite value ${x}`);
  const s = x.toFixed(decimals);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

const sum = (a) => a.reduce((s, x) => s + x, 0);
const mean = (a) => sum(a) / a.length;
const max = (a) => a.reduce((m, x) => (x > m ? x : m), -Infinity);
const min = (a) => a.reduce((m, x) => (x < m ? x : m), Infinity);

function pearson(a, b) {
  assert(a.length === b.length && a.length > 2, 'pearson: length mismatch');
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] - ma;
    const y = b[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Correlation of series `a` (one value per hour, index i) with `b` where a[i] is paired with b[i - shift].
 * Both series have the same hourly axis origin; pairs falling outside either series are left out.
 */
function shiftedR(a, b, shift) {
  const xa = [];
  const xb = [];
  for (let i = 0; i < a.length; i++) {
    const j = i - shift;
    if (j < 0 || j >= b.length) continue;
    xa.push(a[i]);
    xb.push(b[j]);
  }
  return pearson(xa, xb);
}

function normaliseMeanOne(values) {
  const m = mean(values);
  assert(m > 0, 'cannot normalise a curve with non-positive mean');
  return values.map((v) => v / m);
}

// ---------------------------------------------------------------------------------------------------------
// Time: explicit EU DST rule for Europe/Amsterdam
// ---------------------------------------------------------------------------------------------------------

/** Day of month of the last Sunday of month m (0-based) in year y. */
function lastSunday(y, m) {
  const last = new Date(Date.UTC(y, m + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}

const dstCache = new Map();
/** [start, end) of CEST in UTC ms for year y. */
function dstBounds(y) {
  let b = dstCache.get(y);
  if (!b) {
    b = [Date.UTC(y, 2, lastSunday(y, 2), 1), Date.UTC(y, 9, lastSunday(y, 9), 1)];
    dstCache.set(y, b);
  }
  return b;
}

/**
 * Local Europe/Amsterdam wall-clock view of a UTC instant.
 * fold = 1 only for the second pass of the repeated 02:00-03:00 hour on the autumn DST day.
 */
function toLocal(ms) {
  const [a, b] = dstBounds(new Date(ms).getUTCFullYear());
  const summer = ms >= a && ms < b;
  const fold = ms >= b && ms < b + HOUR_MS ? 1 : 0;
  const l = new Date(ms + (summer ? 2 : 1) * HOUR_MS);
  return {
    date: l.toISOString().slice(0, 10),
    minute: l.getUTCHours() * 60 + l.getUTCMinutes(),
    fold,
  };
}

/** All UTC instants whose local wall clock reads (date, minute): 0 (spring gap), 1, or 2 (autumn overlap). */
function fromLocal(date, minute) {
  const naive = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
  const out = [];
  for (const offH of [2, 1]) {
    const ms = naive - offH * HOUR_MS;
    const l = toLocal(ms);
    if (l.date === date && l.minute === minute) out.push(ms);
  }
  return out.sort((x, y) => x - y);
}

function isoHour(ms) {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function utcYearHours(year) {
  const t0 = Date.UTC(year, 0, 1);
  const n = (Date.UTC(year + 1, 0, 1) - t0) / HOUR_MS;
  return Array.from({ length: n }, (_, h) => t0 + h * HOUR_MS);
}

/** Self-check of the explicit DST rule against the platform tz database (skipped if unavailable). */
function checkDstRuleAgainstIntl(years) {
  let dtf;
  try {
    dtf = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Amsterdam',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    return 'skipped (no Intl time-zone support)';
  }
  let n = 0;
  for (const y of years) {
    for (let ms = Date.UTC(y, 0, 1) - DAY_MS; ms < Date.UTC(y + 1, 0, 1) + DAY_MS; ms += HOUR_MS) {
      const p = Object.fromEntries(dtf.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
      const l = toLocal(ms);
      const hh = String(Math.floor(l.minute / 60)).padStart(2, '0');
      assert(`${p.year}-${p.month}-${p.day} ${p.hour}` === `${l.date} ${hh}`, `DST rule disagrees with Intl at ${isoHour(ms)}`);
      n++;
    }
  }
  return `agrees with Intl Europe/Amsterdam for all ${n} hours checked`;
}

// ---------------------------------------------------------------------------------------------------------
// Dutch calendar
// ---------------------------------------------------------------------------------------------------------

// Gregorian Easter Sunday: the same function the forecaster's calendar uses (built into dist/ by npm ci).
const easter = easterSundayUtc;

const ymd = (ms) => new Date(ms).toISOString().slice(0, 10);

const holidayCache = new Map();
/** Dutch national public holidays of year y as Map(date -> name). */
function holidays(y) {
  if (!holidayCache.has(y)) holidayCache.set(y, computeHolidays(y));
  return holidayCache.get(y);
}

function computeHolidays(y) {
  const e = easter(y);
  const kd = new Date(Date.UTC(y, 3, 27)).getUTCDay() === 0 ? 26 : 27; // Koningsdag (since 2014)
  const list = [
    [Date.UTC(y, 0, 1), 'Nieuwjaarsdag'],
    [e, 'Eerste Paasdag'],
    [e + DAY_MS, 'Tweede Paasdag'],
    [Date.UTC(y, 3, kd), 'Koningsdag'],
    [e + 39 * DAY_MS, 'Hemelvaartsdag'],
    [e + 49 * DAY_MS, 'Eerste Pinksterdag'],
    [e + 50 * DAY_MS, 'Tweede Pinksterdag'],
    [Date.UTC(y, 11, 25), 'Eerste Kerstdag'],
    [Date.UTC(y, 11, 26), 'Tweede Kerstdag'],
  ];
  if (y % 5 === 0) list.push([Date.UTC(y, 4, 5), 'Bevrijdingsdag (lustrum year)']);
  return new Map(list.sort((p, q) => p[0] - q[0]).map(([ms, name]) => [ymd(ms), name]));
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const dayInfoCache = new Map();
function dayInfo(date) {
  if (!dayInfoCache.has(date)) dayInfoCache.set(date, computeDayInfo(date));
  return dayInfoCache.get(date);
}

function computeDayInfo(date) {
  const ms = Date.parse(`${date}T00:00:00Z`);
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const dom = d.getUTCDate();
  let dst = null;
  if (m === 2 && dom === lastSunday(y, 2)) dst = 'spring';
  if (m === 9 && dom === lastSunday(y, 9)) dst = 'autumn';
  return {
    date,
    year: y,
    weekday: d.getUTCDay(),
    doy: Math.round((ms - Date.UTC(y, 0, 1)) / DAY_MS),
    holiday: holidays(y).get(date) ?? null,
    dst,
  };
}

const yearDaysCache = new Map();
function yearDays(y) {
  if (!yearDaysCache.has(y)) {
    const days = [];
    for (let ms = Date.UTC(y, 0, 1); ms < Date.UTC(y + 1, 0, 1); ms += DAY_MS) days.push(dayInfo(ymd(ms)));
    yearDaysCache.set(y, days);
  }
  return yearDaysCache.get(y);
}

/**
 * Choose the source-year day for a target local date.
 *  - holiday target: nearest source Sunday by day-of-year;
 *  - other target: nearest source day with the same weekday that is not a source holiday;
 *  - a source DST day (23 h / 25 h) is only used for a target DST day of the same kind, so a normal target
 *    day never meets a missing source hour;
 *  - ties (only possible after exclusions) go to the earlier source day.
 */
function pickSourceDay(targetDate, sourceYear) {
  const t = dayInfo(targetDate);
  const wantWeekday = t.holiday ? 0 : t.weekday;
  let best = null;
  for (const s of yearDays(sourceYear)) {
    if (s.weekday !== wantWeekday) continue;
    if (!t.holiday && s.holiday) continue;
    if (s.dst && s.dst !== t.dst) continue;
    const dist = Math.abs(s.doy - t.doy);
    if (!best || dist < best.dist) best = { ...s, dist };
  }
  assert(best, `no source day for ${targetDate}`);
  return best;
}

/**
 * Index plan for mapping a source series that covers the LOCAL calendar year `sourceYear` (row 0 = local
 * Jan 1 00:00, rows in real-time order at `stepMinutes`, e.g. NEDU 35040 quarters or ETM 8760 hours) onto
 * the UTC calendar year `targetYear` by local clock: for every target step, the source row to take.
 */
const planCache = new Map();
function calendarPlan(stepMinutes, sourceYear, targetYear) {
  const cacheKey = `${stepMinutes}|${sourceYear}|${targetYear}`;
  if (planCache.has(cacheKey)) return planCache.get(cacheKey);
  const stepMs = stepMinutes * 60_000;
  const n = (Date.UTC(sourceYear + 1, 0, 1) - Date.UTC(sourceYear, 0, 1)) / stepMs;
  const t0 = Date.UTC(sourceYear, 0, 1) - HOUR_MS; // local Jan 1 00:00 CET
  const src = new Map();
  for (let i = 0; i < n; i++) {
    const l = toLocal(t0 + i * stepMs);
    assert(l.date.startsWith(String(sourceYear)), `source row ${i} outside local year ${sourceYear}`);
    src.set(`${l.date}|${l.minute}|${l.fold}`, i);
  }
  const dayMap = new Map();
  const tStart = Date.UTC(targetYear, 0, 1);
  const m = (Date.UTC(targetYear + 1, 0, 1) - tStart) / stepMs;
  const rows = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const l = toLocal(tStart + k * stepMs);
    let sd = dayMap.get(l.date);
    if (!sd) {
      sd = pickSourceDay(l.date, sourceYear);
      dayMap.set(l.date, sd);
    }
    const i = src.get(`${sd.date}|${l.minute}|${l.fold}`) ?? src.get(`${sd.date}|${l.minute}|0`);
    assert(i !== undefined, `source ${sd.date} has no value at local minute ${l.minute}`);
    rows[k] = i;
  }
  const plan = { n, rows, dayMap };
  planCache.set(cacheKey, plan);
  return plan;
}

/** Map `values` (see calendarPlan) onto the UTC year `targetYear`; hourly means of the mapped steps. */
function mapCalendar(values, stepMinutes, sourceYear, targetYear) {
  const { n, rows, dayMap } = calendarPlan(stepMinutes, sourceYear, targetYear);
  assert(values.length === n, `source has ${values.length} rows, expected ${n}`);
  const perHour = 60 / stepMinutes;
  const hourly = new Array(rows.length / perHour);
  for (let h = 0; h < hourly.length; h++) {
    let acc = 0;
    for (let k = 0; k < perHour; k++) acc += values[rows[h * perHour + k]];
    hourly[h] = acc / perHour;
  }
  return { hourly, dayMap };
}

// ---------------------------------------------------------------------------------------------------------
// Readers (csv-parse for everything that is CSV)
// ---------------------------------------------------------------------------------------------------------

function readText(rel) {
  const p = path.join(DATA, rel);
  if (!fs.existsSync(p)) fail(`missing input ${rel}`);
  return fs.readFileSync(p, 'utf8');
}

/** One value per line, no header; tolerate BOM, CRLF and a missing trailing newline. */
function readColumn(rel, expected) {
  const rows = parse(readText(rel), { bom: true, trim: true, skip_empty_lines: true });
  const v = rows.map((r, i) => {
    assert(r.length === 1, `${rel}: row ${i} has ${r.length} fields`);
    const x = Number(r[0]);
    assert(r[0] !== '' && Number.isFinite(x), `${rel}: bad value "${r[0]}" at row ${i}`);
    return x;
  });
  assert(v.length === expected, `${rel}: ${v.length} rows, expected ${expected}`);
  return v;
}

const etm = (year, name) => readColumn(`quintel-etm-curves/nl${year}/${name}.csv`, 8760);

/** KNMI uurgeg file -> rows on the UTC hour-beginning axis of `year` (row k = [k, k+1) h, HH = k mod 24 + 1). */
function readKnmi(station, year) {
  const rel = `knmi-uurgeg/uurgeg_${station}_${year}.txt`;
  const text = readText(rel);
  const at = text.indexOf('# STN,');
  assert(at >= 0, `${rel}: header line "# STN," not found`);
  const rows = parse(text.slice(at + 2), { columns: true, trim: true, skip_empty_lines: true });
  const hours = utcYearHours(year);
  assert(rows.length === hours.length, `${rel}: ${rows.length} rows`);
  const num = (r, k, col) => {
    assert(r[col] !== '' && r[col] !== undefined, `${rel}: missing ${col} at row ${k}`);
    return Number(r[col]);
  };
  return rows.map((r, k) => {
    const expect = new Date(hours[k]);
    const date = expect.toISOString().slice(0, 10).replaceAll('-', '');
    assert(r.STN === String(station) && r.YYYYMMDD === date && Number(r.HH) === expect.getUTCHours() + 1, `${rel}: unexpected row ${k}`);
    return { Q: num(r, k, 'Q'), T: num(r, k, 'T'), FH: num(r, k, 'FH') };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Profiles
// ---------------------------------------------------------------------------------------------------------

const ETM_SRC = 'Quintel ETM, quintel/etsource @54775b3d (MIT, Copyright (c) 2013 ENERGYTRANSITIONMODEL.COM / Quintel Intelligence B.V.)';
const KNMI_SRC = (stn) => `KNMI uurgegevens station ${stn} (CC BY 4.0, Bron: KNMI)`;
const NEDU_SRC = 'NEDU verbruiksprofielen elektriciteit 2015, via quintel/etmoses @e1e682d0 (MIT repository; NEDU data, no explicit licence)';
const ENTSOE_SRC = 'ENTSO-E Transparency Platform, day-ahead prices BZN|NL (EPEX SPOT SDAC result; ENTSO-E terms, attribution required)';

const profiles = []; // { id, year, column, unit, kind, decimals, values, description, source }
const diag = { lines: [], dayMaps: {} };
const note = (s) => diag.lines.push(s);

/** The UTC instants of calendar year `year` at `stepMinutes` (8760 hours, or 35,040 quarter-hours). */
function utcYearSteps(year, stepMinutes) {
  const t0 = Date.UTC(year, 0, 1);
  const stepMs = stepMinutes * 60_000;
  const n = (Date.UTC(year + 1, 0, 1) - t0) / stepMs;
  return Array.from({ length: n }, (_, k) => t0 + k * stepMs);
}

function addProfile(p) {
  p.stepMinutes ??= 60;
  assert(p.values.length === utcYearSteps(p.year, p.stepMinutes).length, `${p.id} ${p.year}: ${p.values.length} values`);
  profiles.push(p);
}

/** ETM rows are CET (UTC+1) hour-beginning: ETM row j = UTC [j-1, j). UTC hour h therefore takes row h+1. */
function etmToUtc(rows, lastValue) {
  return [...rows.slice(1), lastValue];
}

const knmi = {};
for (const y of YEARS) {
  knmi[`260-${y}`] = readKnmi(260, y);
  knmi[`240-${y}`] = readKnmi(240, y);
}

// --- PV on roofs -----------------------------------------------------------------------------------------
const alignment = { pv: {}, wind: {}, nedu: {}, dc: {} };
for (const y of YEARS) {
  const rows = etm(y, 'solar_pv_on_roof_buildings');
  const Q = knmi[`260-${y}`].map((r) => r.Q);
  const rs = {};
  for (const s of [-2, -1, 0, 1, 2]) rs[s] = shiftedR(rows, Q, s); // ETM row j vs KNMI UTC hour j - s
  const best = Number(Object.keys(rs).reduce((a, b) => (rs[b] > rs[a] ? b : a)));
  assert(best === 1, `PV ${y}: best alignment shift is ${best}, expected +1`);
  alignment.pv[y] = rs;
  assert(rows[0] === 0, `PV ${y}: ETM row 0 is not 0`);
  const flh = ETM_FLH.solar[y];
  const values = etmToUtc(rows, rows[0]).map((v) => v * 3600 * flh);
  addProfile({
    id: 'pv-roof',
    year: y,
    column: 'kw_per_kwp',
    unit: 'kW/kWp',
    kind: 'capacity-factor',
    decimals: 6,
    values,
    description: `Rooftop PV on commercial buildings, output per kWp, ETM nl${y} irradiance-based curve scaled to ${flh} full-load hours.`,
    source: `${ETM_SRC}, datasets/nl${y}/curves/weather/default/solar_pv_on_roof_buildings.csv; upstream KNMI (CC BY 4.0)`,
  });
}

// --- Onshore wind ----------------------------------------------------------------------------------------
const windScaling = {};
for (const y of YEARS) {
  const rows = etm(y, 'wind_inland_baseline');
  const rs = {};
  for (const stn of [240, 260]) {
    const FH = knmi[`${stn}-${y}`].map((r) => r.FH);
    rs[stn] = {};
    for (const s of [-1, 0, 1, 2]) rs[stn][s] = shiftedR(rows, FH, s);
  }
  const best = Number(Object.keys(rs[240]).reduce((a, b) => (rs[240][b] > rs[240][a] ? b : a)));
  const best260 = Number(Object.keys(rs[260]).reduce((a, b) => (rs[260][b] > rs[260][a] ? b : a)));
  assert(best === 1 && best260 === 1, `wind ${y}: best alignment shift is ${best}/${best260}, expected +1`);
  alignment.wind[y] = rs;
  // Shift +1 (like the solar curves): UTC hour h takes row h+1; the last UTC hour repeats the previous hour.
  const shifted = etmToUtc(rows, rows[8759]);
  const flh = ETM_FLH.windInland[y];
  let factor = 3600 * flh;
  const peak = max(shifted) * factor;
  let capped = false;
  if (peak > 1) {
    factor = 1 / max(shifted);
    capped = true;
  }
  const values = shifted.map((v) => v * factor);
  windScaling[y] = { flh, peakAtFlh: peak, capped, cf: mean(values) };
  addProfile({
    id: 'wind-onshore',
    year: y,
    column: 'kw_per_kw',
    unit: 'kW/kW',
    kind: 'capacity-factor',
    decimals: 6,
    values,
    description: capped
      ? `Onshore (inland) wind output per kW rated, ETM nl${y} curve scaled so that its peak is exactly 1 (the ${flh} h ETM full-load hours would give a peak of ${fmt(peak, 3)}).`
      : `Onshore (inland) wind output per kW rated, ETM nl${y} curve scaled to ${flh} full-load hours.`,
    source: `${ETM_SRC}, datasets/nl${y}/curves/weather/default/wind_inland_baseline.csv`,
  });
}

// --- NEDU E3A / E3B / E3D ------------------------------------------------------------------------------
const neduRaw = {};
for (const p of ['E3A', 'E3B', 'E3C', 'E3D']) neduRaw[p] = readColumn(`nedu-edsn-profiles-2015/edsn_${p}.csv`, 35040);
const e3bEqualsE3c = neduRaw.E3B.every((v, i) => v === neduRaw.E3C[i]);
const neduMeta = {
  E3A: 'offices, shops, daytime businesses (operating time <= 2000 h/yr)',
  E3B: 'businesses with 2000-3000 h/yr operating time (E3C is identical in the source and not shipped)',
  E3D: 'continuous operations, light industry (operating time > 5000 h/yr)',
};
const neduMapped = {};
for (const p of ['E3A', 'E3B', 'E3D']) {
  for (const y of YEARS) {
    const { hourly, dayMap } = mapCalendar(neduRaw[p], 15, 2015, y);
    if (p === 'E3A') diag.dayMaps[`nedu-${y}`] = dayMap;
    const values = normaliseMeanOne(hourly);
    neduMapped[`${p}-${y}`] = values;
    addProfile({
      id: `nedu-${p.toLowerCase()}`,
      year: y,
      column: 'pu',
      unit: 'p.u. of annual mean',
      kind: 'shape',
      decimals: 6,
      values,
      description: `NEDU ${p} standard load profile (${neduMeta[p]}), 2015 quarter-hours mapped onto the ${y} calendar, hourly, mean 1.`,
      source: NEDU_SRC,
    });
  }
}
// Validation: the 2015->2019 mapping against the real NEDU 2019 curves that ETM ships for nl2019
// (buildings_appliances = E3A 2019, industry_other_electricity = E3D 2019), also settling their time axis.
for (const [p, name] of [['E3A', 'buildings_appliances'], ['E3D', 'industry_other_electricity']]) {
  const rows = etm(2019, name);
  const rs = {};
  for (const s of [-1, 0, 1, 2]) rs[s] = shiftedR(rows, neduMapped[`${p}-2019`], s);
  alignment.nedu[p] = rs;
}

// --- Data centre -----------------------------------------------------------------------------------------
{
  const rows = etm(2023, 'industry_ict');
  // Alignment evidence. (1) fixed-offset axis vs local clock: hour of the morning ramp in winter and summer.
  const ramp = (months) => {
    const acc = new Array(24).fill(0);
    for (let j = 1; j < 8760; j++) {
      const m = new Date(Date.UTC(2023, 0, 1) + Math.floor(j / 24) * DAY_MS).getUTCMonth() + 1;
      if (months.includes(m)) acc[j % 24] += rows[j] - rows[j - 1];
    }
    return acc.indexOf(max(acc)); // row-of-day j%24 with the largest mean rise from row j-1
  };
  // (2) correlation with the ETM nl2023 buildings curve (same repository, same axis convention expected),
  // and with the NEDU E3A shape mapped onto 2023 (true UTC axis).
  const b = etm(2023, 'buildings_appliances');
  const rsB = {};
  const rsE = {};
  for (const s of [-1, 0, 1, 2]) {
    rsB[s] = shiftedR(rows, b, s);
    rsE[s] = shiftedR(rows, neduMapped['E3A-2023'], s);
  }
  alignment.dc = { rampWinter: ramp([1, 2, 11, 12]), rampSummer: ramp([5, 6, 7, 8]), rsB, rsE };

  const v2023 = normaliseMeanOne(etmToUtc(rows, rows[0]));
  addProfile({
    id: 'datacenter',
    year: 2023,
    column: 'pu',
    unit: 'p.u. of annual mean',
    kind: 'shape',
    decimals: 6,
    values: v2023,
    description: 'Data-centre (ICT) electricity demand, Liander-based profile (etsource: "profile from Liander"; not shown to be a measurement) as shipped by ETM nl2023, hourly, mean 1.',
    source: `${ETM_SRC}, datasets/nl2023/curves/industry_ict.csv ("profile from Liander")`,
  });
  // 2019: no measured 2019 data-centre curve exists; map the 2023 curve (ETM rows = local 2023 year in
  // real-time order, row 0 = local Jan 1 00:00) onto the 2019 calendar with the same weekday/holiday rule.
  const { hourly, dayMap } = mapCalendar(rows, 60, 2023, 2019);
  diag.dayMaps['dc-2019'] = dayMap;
  addProfile({
    id: 'datacenter',
    year: 2019,
    column: 'pu',
    unit: 'p.u. of annual mean',
    kind: 'shape',
    decimals: 6,
    values: normaliseMeanOne(hourly),
    description: 'Data-centre (ICT) demand shape: the Liander-based 2023 ETM curve mapped onto the 2019 calendar by weekday and holiday (no measured 2019 curve exists), mean 1.',
    source: `${ETM_SRC}, datasets/nl2023/curves/industry_ict.csv ("profile from Liander")`,
  });
}

// --- KNMI temperature and irradiance -------------------------------------------------------------------
const STATIONS = { 260: 'De Bilt', 240: 'Schiphol' };
for (const y of YEARS) {
  for (const stn of [260, 240]) {
    const T = knmi[`${stn}-${y}`].map((r) => r.T); // 0.1 degC, observed at the END of UTC hour k (time k+1)
    // Interval [h, h+1): mean of the observations at h (row h-1) and h+1 (row h); h = 0 uses row 0 only.
    const values = T.map((t, h) => (h === 0 ? t / 10 : (T[h - 1] + t) / 20));
    addProfile({
      id: `temperature-${STATIONS[stn].toLowerCase().replace(' ', '')}`,
      year: y,
      column: 'celsius',
      unit: '°C',
      kind: 'temperature',
      decimals: 2,
      values,
      description: `Air temperature at 1.5 m, KNMI ${STATIONS[stn]} (${stn}), hourly mean of the observations at the start and end of each UTC hour.`,
      source: `${KNMI_SRC(stn)}, uurgeg_${stn}`,
    });
  }
  const Q = knmi[`260-${y}`].map((r) => r.Q); // J/cm2 summed over UTC hour k (hour-ending HH = k+1)
  addProfile({
    id: 'ghi-debilt',
    year: y,
    column: 'w_per_m2',
    unit: 'W/m²',
    kind: 'irradiance',
    decimals: 2,
    values: Q.map((q) => Math.max(0, (q * 10000) / 3600)),
    description: 'Global horizontal irradiance, KNMI De Bilt (260), mean over each UTC hour.',
    source: `${KNMI_SRC(260)}, uurgeg_260`,
  });
}

// --- Day-ahead price 2023 ------------------------------------------------------------------------------
const priceInfo = {};
{
  const rel = 'entsoe-dayahead-nl/Day-ahead Prices_202301010000-202401010000.csv';
  const rows = parse(readText(rel), { from_line: 2, relax_column_count: true, skip_empty_lines: true });
  assert(rows.length === 8760, `${rel}: ${rows.length} rows`);
  const byUtc = new Map();
  const dropped = [];
  const duplicated = [];
  for (const r of rows) {
    const m = /^(\d\d)\.(\d\d)\.(\d{4}) (\d\d):(\d\d) - /.exec(r[0]);
    assert(m && r[2] === 'EUR', `${rel}: bad row ${r.join(',')}`);
    const date = `${m[3]}-${m[2]}-${m[1]}`;
    const price = Number(r[1]);
    assert(r[1] !== '' && Number.isFinite(price), `${rel}: bad price ${r[1]}`);
    const utc = fromLocal(date, Number(m[4]) * 60 + Number(m[5]));
    if (utc.length === 0) dropped.push(`${date} ${m[4]}:${m[5]} local (nonexistent, ${r[1]})`);
    if (utc.length === 2) duplicated.push(`${date} ${m[4]}:${m[5]} local (${r[1]})`);
    for (const u of utc) {
      assert(!byUtc.has(u), `${rel}: duplicate UTC hour ${isoHour(u)}`);
      byUtc.set(u, price);
    }
  }
  const hours = utcYearHours(2023);
  const outside = [...byUtc.keys()].filter((u) => u < hours[0] || u > hours[hours.length - 1]).map(isoHour);
  const filled = [];
  const values = hours.map((u, h) => {
    if (byUtc.has(u)) return byUtc.get(u);
    assert(h > 0 && byUtc.has(hours[h - 1]), `price: cannot fill ${isoHour(u)}`);
    filled.push(isoHour(u));
    return byUtc.get(hours[h - 1]);
  });
  assert(filled.length === 1 && filled[0] === '2023-12-31T23:00:00Z', `price: unexpected gaps ${filled.join(' ')}`);
  priceInfo.dropped = dropped;
  priceInfo.duplicated = duplicated;
  priceInfo.outside = outside;
  priceInfo.filled = filled;
  priceInfo.rawMean = mean(rows.map((r) => Number(r[1])));
  addProfile({
    id: 'price-dayahead-nl',
    year: 2023,
    column: 'eur_per_mwh',
    unit: 'EUR/MWh',
    kind: 'price',
    decimals: 2,
    values,
    description: 'Dutch day-ahead electricity price (SDAC/EPEX clearing, bidding zone NL) per UTC hour.',
    source: ENTSOE_SRC,
  });
}

// --- Day-ahead price 2019 ------------------------------------------------------------------------------
// The 2019 ENTSO-E export in the shared data was re-saved in Excel and its time labels are wrong after the
// autumn DST change (SOURCE.md); the same folder's nl_dayahead_2019_utc.csv holds the same 8760 prices in the
// same order with correct UTC hours. That file is read, and checked here against the original export: the
// original's prices in file order, without its one empty row (the non-existent 2019-03-31 02:00 local), must be
// exactly the derived file's.
const price2019Info = {};
{
  const rel = 'entsoe-dayahead-nl-2019/nl_dayahead_2019_utc.csv';
  const rows = parse(readText(rel), { columns: true, skip_empty_lines: true });
  assert(rows.length === 8760, `${rel}: ${rows.length} rows`);
  const origRel = 'entsoe-dayahead-nl-2019/Day-ahead Prices_201901010000-202001010000.csv';
  const orig = parse(readText(origRel), { from_line: 2, relax_column_count: true, skip_empty_lines: true });
  const origPrices = orig.filter((r) => r[1] !== '' && r[1] !== '-').map((r) => r[1]);
  assert(orig.length - origPrices.length === 1, `${origRel}: expected one empty row, found ${orig.length - origPrices.length}`);
  assert(origPrices.map(Number).join() === rows.map((r) => Number(r.price_eur_mwh)).join(), `${origRel}: prices differ from ${rel}`);
  const byUtc = new Map();
  let prev = -Infinity;
  for (const r of rows) {
    const u = Date.parse(r.timestamp_utc.replace(/Z$/, ':00Z'));
    assert(Number.isFinite(u) && (prev === -Infinity || u === prev + HOUR_MS), `${rel}: bad or non-contiguous timestamp ${r.timestamp_utc}`);
    const price = Number(r.price_eur_mwh);
    assert(r.price_eur_mwh !== '' && Number.isFinite(price), `${rel}: bad price ${r.price_eur_mwh}`);
    byUtc.set(u, price);
    prev = u;
  }
  const hours = utcYearHours(2019);
  const outside = [...byUtc.keys()].filter((u) => u < hours[0] || u > hours[hours.length - 1]).map(isoHour);
  const filled = [];
  const values = hours.map((u, h) => {
    if (byUtc.has(u)) return byUtc.get(u);
    assert(h > 0 && byUtc.has(hours[h - 1]), `price 2019: cannot fill ${isoHour(u)}`);
    filled.push(isoHour(u));
    return byUtc.get(hours[h - 1]);
  });
  assert(filled.length === 1 && filled[0] === '2019-12-31T23:00:00Z', `price 2019: unexpected gaps ${filled.join(' ')}`);
  price2019Info.outside = outside;
  price2019Info.filled = filled;
  price2019Info.rawMean = mean(rows.map((r) => Number(r.price_eur_mwh)));
  addProfile({
    id: 'price-dayahead-nl',
    year: 2019,
    column: 'eur_per_mwh',
    unit: 'EUR/MWh',
    kind: 'price',
    decimals: 2,
    values,
    description: 'Dutch day-ahead electricity price (APX/EPEX clearing, bidding zone NL) per UTC hour.',
    source: `${ENTSOE_SRC}; 2019 export via GitHub juan-giraldo-ch/Serious_Game @136a0996, time labels corrected to UTC`,
  });
}

// --- Imbalance price 2023 per PTU --------------------------------------------------------------------
// TenneT's imbalance settlement price per 15-minute PTU as ENTSO-E publishes it (document A85), the
// "Long" (surplus) price, which the NL single-price system applies to both directions in almost every PTU.
const IMB_REPO = 'MaykThewessen/DA_Imbalance_prices_retrieval_API';
const IMB_COMMIT = '7f07947943ffaab2915872922266a59de9b76fb8';
const IMB_SRC = `ENTSO-E Transparency Platform, imbalance prices NL (document A85, TenneT), retrieved with entsoe-py by GitHub ${IMB_REPO} @${IMB_COMMIT}, outfile_imb_2023_Jan_Dec.csv, the "Long" price kept (ENTSO-E terms, attribution "Source: ENTSO-E Transparency Platform")`;
const PTU_MS = 15 * 60_000;
const imbalanceInfo = {};
{
  const rel = 'entsoe-imbalance-nl-2023/outfile_imb_2023_Jan_Dec.csv';
  const rows = parse(readText(rel), { skip_empty_lines: true });
  assert(rows[0].join(',') === ',imb_price', `${rel}: header "${rows[0].join(',')}", expected ",imb_price"`);
  const data = rows.slice(1);
  assert(data.length === 35_036, `${rel}: ${data.length} rows, expected 35,036 (SOURCE.md)`);
  const byUtc = new Map();
  const perLocalDay = new Map();
  let prev = 0;
  data.forEach((r, i) => {
    // First column: the PTU start in local time with its offset, e.g. 2023-06-01 00:00:00+02:00.
    const m = /^(\d{4}-\d\d-\d\d) (\d\d):(\d\d):00([+-]\d\d:\d\d)$/.exec(r[0]);
    assert(m !== null && r.length === 2, `${rel}: bad row ${i + 2}: ${r.join(',')}`);
    const ms = Date.parse(`${m[1]}T${m[2]}:${m[3]}:00${m[4]}`);
    const l = toLocal(ms);
    assert(l.date === m[1] && l.minute === Number(m[2]) * 60 + Number(m[3]), `${rel}: row ${i + 2}: ${r[0]} does not carry the Amsterdam offset`);
    assert(i === 0 || ms - prev === PTU_MS, `${rel}: row ${i + 2} (${r[0]}) is not 15 minutes after the row before`);
    const price = Number(r[1]);
    assert(r[1] !== '' && Number.isFinite(price), `${rel}: bad price "${r[1]}" at row ${i + 2}`);
    byUtc.set(ms, price);
    perLocalDay.set(m[1], (perLocalDay.get(m[1]) ?? 0) + 1);
    prev = ms;
  });
  // PTUs per local day: 96, 92 on the spring DST day, 100 on the autumn one; 31 Dec lacks its last hour.
  assert(perLocalDay.size === 365, `${rel}: ${perLocalDay.size} local days`);
  for (const [date, n] of perLocalDay) {
    const d = dayInfo(date);
    const want = date === '2023-12-31' ? 92 : d.dst === 'spring' ? 92 : d.dst === 'autumn' ? 100 : 96;
    assert(n === want, `${rel}: ${n} PTUs on local ${date}, expected ${want}`);
  }
  assert(perLocalDay.get('2023-03-26') === 92 && perLocalDay.get('2023-10-29') === 100, `${rel}: DST days`);
  const rawMean = mean([...byUtc.values()]);
  assert(Math.abs(rawMean - 93.6) < 0.05, `${rel}: mean ${rawMean}, SOURCE.md says 93.6 EUR/MWh`);

  // Onto the UTC year at 15 minutes. The source covers local 2023 without its last hour: the first 4
  // PTUs (local 1 Jan 00:00-01:00) fall in UTC 2022, and the UTC year's last 8 PTUs are not in the file
  // (local 31 Dec 23:00-24:00, cut off by the retrieval's end time, and local 1 Jan 2024 00:00-01:00).
  // Those 8 carry the shipped day-ahead price of their hour, so the spread imbalance - day-ahead is 0.
  const dayAhead = profiles.find((p) => p.id === 'price-dayahead-nl' && p.year === 2023).values;
  const steps = utcYearSteps(2023, 15);
  const filled = [];
  const values = steps.map((u, k) => {
    if (byUtc.has(u)) return byUtc.get(u);
    filled.push(u);
    return dayAhead[Math.floor(k / 4)];
  });
  const outside = [...byUtc.keys()].filter((u) => u < steps[0] || u > steps[steps.length - 1]);
  const expectFilled = Array.from({ length: 8 }, (_, j) => Date.UTC(2023, 11, 31, 22) + j * PTU_MS);
  assert(filled.join() === expectFilled.join(), `imbalance: unexpected gaps ${filled.map(isoHour).join(' ')}`);
  assert(outside.join() === [0, 1, 2, 3].map((j) => Date.UTC(2022, 11, 31, 23) + j * PTU_MS).join(), `imbalance: unexpected rows outside 2023 UTC ${outside.map(isoHour).join(' ')}`);

  // Cross-check of the shipped day-ahead profile against the DST-exact day-ahead file of the same
  // retrieval (SOURCE.md: it matches the ENTSO-E export label by label): the UTC hours where they differ.
  const daRel = 'entsoe-imbalance-nl-2023/outfile_DA_2023_Jan_Dec.csv';
  const daRows = parse(readText(daRel), { from_line: 2, skip_empty_lines: true });
  assert(daRows.length === 8760, `${daRel}: ${daRows.length} rows`);
  const daExact = new Map(daRows.map((r) => [Date.parse(r[0].replace(' ', 'T')), Number(r[1])]));
  const hours = utcYearHours(2023);
  const daDiffs = hours.filter((u, h) => daExact.has(u) && Math.abs(daExact.get(u) - dayAhead[h]) > 0.005)
    .map((u) => `${isoHour(u)} (shipped ${fmt(dayAhead[hours.indexOf(u)], 2)}, DST-exact file ${fmt(daExact.get(u), 2)})`);
  assert(daDiffs.length === 1 && daDiffs[0].startsWith('2023-10-29T01:00:00Z'), `day-ahead differs from ${daRel} at ${daDiffs.join('; ')}`);

  // SOURCE.md compares hourly means with the day-ahead price: r 0.32, mean absolute difference 71 EUR/MWh.
  const hourlyImb = hours.map((_, h) => mean(values.slice(4 * h, 4 * h + 4)));
  imbalanceInfo.hourlyR = pearson(hourlyImb, dayAhead);
  imbalanceInfo.hourlyMad = mean(hourlyImb.map((x, h) => Math.abs(x - dayAhead[h])));
  imbalanceInfo.rawMean = rawMean;
  imbalanceInfo.filled = filled.map(isoHour);
  imbalanceInfo.outside = outside.map(isoHour);
  imbalanceInfo.daDiffs = daDiffs;
  addProfile({
    id: 'price-imbalance-nl',
    year: 2023,
    column: 'eur_per_mwh',
    unit: 'EUR/MWh',
    kind: 'price',
    stepMinutes: 15,
    decimals: 2,
    values,
    description: "Dutch imbalance settlement price (TenneT, the ENTSO-E 'Long' price, single pricing in almost every PTU) per 15-minute PTU in UTC; the 8 PTUs of 2023-12-31 22:00-24:00 UTC missing from the source carry the day-ahead price of their hour (spread 0).",
    source: IMB_SRC,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Write
// ---------------------------------------------------------------------------------------------------------

profiles.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.year - b.year));

const catalogue = { schemaVersion: 1, profiles: [] };
const written = [];
for (const p of profiles) {
  const steps = utcYearSteps(p.year, p.stepMinutes);
  const lines = [`time_utc,${p.column}`];
  for (let k = 0; k < steps.length; k++) lines.push(`${isoHour(steps[k])},${fmt(p.values[k], p.decimals)}`);
  const file = `${p.year}/${p.id}.csv`;
  fs.mkdirSync(path.join(OUT, String(p.year)), { recursive: true });
  fs.writeFileSync(path.join(OUT, file), `${lines.join('\n')}\n`);
  written.push(file);
  // Statistics are computed from the values exactly as written.
  p.written = lines.slice(1).map((l) => Number(l.slice(l.indexOf(',') + 1)));
  catalogue.profiles.push({
    id: p.id,
    year: p.year,
    file,
    column: p.column,
    unit: p.unit,
    kind: p.kind,
    start: isoHour(steps[0]),
    stepMinutes: p.stepMinutes,
    steps: steps.length,
    description: p.description,
    source: p.source,
  });
}
fs.writeFileSync(path.join(OUT, 'catalogue.json'), `${JSON.stringify(catalogue, null, 2)}\n`);

// ---------------------------------------------------------------------------------------------------------
// DSO transport tariffs and connection fees (tables, not time series: not in catalogue.json)
// ---------------------------------------------------------------------------------------------------------

const TARIFF_DSOS = ['Enexis', 'Liander', 'Stedin'];
const TARIFF_YEARS = [2023, 2024, 2025, 2026];

/**
 * Each DSO's category name (without its "> 1500 kW" / "> 2 MW" suffix) -> the level in hubsim's table. The
 * names are the ACM tariff categories: LS low voltage, MS medium voltage, TS intermediate voltage
 * (tussenspanning, 25/50 kV), HS high voltage; "Trafo A/B" is a connection on the B side of an A/B transformer.
 */
const TARIFF_LEVELS = {
  LS: ['LS', 'low-voltage network'],
  'MS/LS': ['MS/LS', 'on the LV side of an MV/LV transformer'],
  'Trafo MS/LS': ['MS/LS', 'on the LV side of an MV/LV transformer'],
  MS: ['MS', 'medium-voltage network'],
  'MS-D': ['MS', "medium-voltage distribution network (also the 'MS-D >1500 kW' row, at the same rates)"],
  'MS-T': ['MS', 'medium-voltage transport network, contracts above 1500 kW'],
  'HS/MS': ['HS/MS', 'on the MV side of an HV/MV transformer, contracts above 1500 kW'],
  'Trafo HS+TS/MS': ['HS/MS', 'on the MV side of an HV/MV or TS/MV transformer, contracts above the MS bound'],
  TS: ['TS', 'intermediate-voltage network (tussenspanning), contracts above the MS bound'],
  HS: ['HS', 'high-voltage network, contracts above 2 MW (2023-2025 only)'],
};

/** One CSV cell: numbers in their shortest exact form, text quoted when it holds a comma or a quote. */
function csvCell(x) {
  if (x === null) return '';
  if (typeof x === 'number') {
    const t = String(x);
    assert(Number.isFinite(x) && !/e/i.test(t), `table value ${t}`);
    return t;
  }
  return /[",\n]/.test(x) ? `"${x.replaceAll('"', '""')}"` : x;
}

function writeTable(file, columns, rows) {
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))];
  fs.mkdirSync(path.dirname(path.join(OUT, file)), { recursive: true });
  fs.writeFileSync(path.join(OUT, file), `${lines.join('\n')}\n`);
}

/** csv-parse's `columns` option that insists on exactly these column names (the files have CRLF endings). */
const header = (rel, columns) => (found) => {
  assert(found.join(',') === columns.join(','), `${rel}: header ${found.join(',')}, expected ${columns.join(',')}`);
  return found;
};

/** "contract >50 and <=125 kW", "contract >136 kW and <=2 MW", "contract >2 MW, TS" -> (minKw, maxKw]. */
function contractBoundsKw(text, where) {
  const terms = [...text.matchAll(/([<>]=?)\s*(\d+(?:\.\d+)?)\s*(kW|MW)?/g)];
  assert(terms.length >= 1 && terms.length <= 2, `${where}: cannot read the range "${text}"`);
  let minKw = 0;
  let maxKw = null;
  terms.forEach((t, i) => {
    const unit = t[3] ?? terms[i + 1]?.[3]; // ">50 and <=125 kW": the unit comes after the second bound
    assert(unit !== undefined, `${where}: no unit in "${text}"`);
    const kw = Number(t[2]) * (unit === 'MW' ? 1000 : 1);
    if (t[1] === '>') minKw = kw;
    else if (t[1] === '<=') maxKw = kw;
    else fail(`${where}: unexpected bound ${t[1]} in "${text}"`);
  });
  return { minKw, maxKw };
}

/** Apparent power of a three-phase connection of `amps` per phase at 400 V line voltage, in kVA. */
const threePhaseKva = (amps) => (Math.sqrt(3) * 400 * amps) / 1000;

/** One end of a PAV band: "3x80 A", "3x250 A (173 kVA)", "1750 kVA", "3 MVA" -> kVA. */
function bandKva(text, where) {
  let m = /^3x(\d+) A(?: \((\d+) kVA\))?$/.exec(text);
  if (m) {
    const kva = threePhaseKva(Number(m[1]));
    if (m[2] === undefined) return Math.round(kva * 10) / 10;
    assert(Math.round(kva) === Number(m[2]), `${where}: 3x${m[1]} A is ${kva} kVA, not ${m[2]}`);
    return Number(m[2]);
  }
  m = /^(\d+(?:\.\d+)?) (kVA|MVA)$/.exec(text);
  assert(m !== null, `${where}: cannot read "${text}"`);
  return Number(m[1]) * (m[2] === 'MVA' ? 1000 : 1);
}

const tariffInfo = {};
{
  const rel = 'dso-transport-tariffs-nl/dso_transport_tariffs_grootverbruik_2023_2026.csv';
  const COLUMNS = ['dso', 'year', 'category', 'contract_range', 'vastrecht_transport_eur_per_year', 'kw_contract_eur_per_kw_per_year', 'kw_max_eur_per_kw_per_month', 'kwh_normal_eur_per_kwh', 'kwh_low_eur_per_kwh', 'source_document', 'transcribed_in'];
  const source = parse(readText(rel), { columns: header(rel, COLUMNS), skip_empty_lines: true });
  assert(source.length === 71, `${rel}: ${source.length} rows, expected 71 (SOURCE.md)`);
  const amount = (r, col, where) => {
    const x = Number(r[col]);
    assert(r[col] !== '' && Number.isFinite(x) && x >= 0, `${where}: bad ${col} "${r[col]}"`);
    return x;
  };
  const rows = source.map((r, i) => {
    const where = `${rel} row ${i + 2}`;
    assert(TARIFF_DSOS.includes(r.dso) && TARIFF_YEARS.includes(Number(r.year)), `${where}: ${r.dso} ${r.year}`);
    const base = r.category.replace(/ >\d.*$/, '');
    assert(base in TARIFF_LEVELS, `${where}: no level for category "${r.category}"`);
    const { minKw, maxKw } = contractBoundsKw(r.contract_range, where);
    const normal = amount(r, 'kwh_normal_eur_per_kwh', where);
    const low = amount(r, 'kwh_low_eur_per_kwh', where);
    const level = TARIFF_LEVELS[base][0];
    assert(level === 'LS' || low === normal, `${where}: a low kWh rate other than the normal one outside LS`);
    return {
      dso: r.dso,
      year: Number(r.year),
      category: r.category,
      level,
      contract_min_kw: minKw,
      contract_max_kw: maxKw,
      vastrecht_eur_per_year: amount(r, 'vastrecht_transport_eur_per_year', where),
      contract_eur_per_kw_year: amount(r, 'kw_contract_eur_per_kw_per_year', where),
      kwmax_eur_per_kw_month: amount(r, 'kw_max_eur_per_kw_per_month', where),
      kwh_eur_per_kwh: normal,
      source_document: r.source_document,
      transcribed_in: r.transcribed_in,
    };
  });
  // Every DSO and year: LS (0, a], MS/LS (a, b], MS (b, c] chained, one TS row above c, every open-ended row
  // starting at c; vastrecht 441 EUR/yr for MS and a zero kWmax rate for LS (SOURCE.md).
  const byDsoYear = new Map();
  for (const dso of TARIFF_DSOS) {
    for (const year of TARIFF_YEARS) {
      const own = rows.filter((r) => r.dso === dso && r.year === year);
      const where = `${rel}: ${dso} ${year}`;
      const one = (level, bounded) => {
        const hits = own.filter((r) => r.level === level && (r.contract_max_kw !== null) === bounded);
        assert(hits.length === 1, `${where}: ${hits.length} ${bounded ? 'bounded' : 'open'} ${level} rows`);
        return hits[0];
      };
      const [ls, msls, ms, ts] = [one('LS', true), one('MS/LS', true), one('MS', true), one('TS', false)];
      assert(ls.contract_min_kw === 0 && ls.contract_max_kw === 50 && msls.contract_min_kw === 50, `${where}: LS bounds`);
      assert(msls.contract_max_kw === ms.contract_min_kw, `${where}: MS/LS and MS bounds do not meet`);
      for (const r of own.filter((x) => x.contract_max_kw === null)) assert(r.contract_min_kw === ms.contract_max_kw, `${where}: ${r.category} does not start at the MS bound`);
      assert(ms.vastrecht_eur_per_year === 441 && ls.kwmax_eur_per_kw_month === 0, `${where}: MS vastrecht or LS kWmax`);
      assert(new Set(own.map((r) => r.source_document)).size === 1 && new Set(own.map((r) => r.transcribed_in)).size === 1, `${where}: more than one source`);
      byDsoYear.set(`${dso} ${year}`, { ls, msls, ms, ts, own });
    }
  }
  // SOURCE.md "Key numbers" (MS, rounded there to cents and 0.1 cent/kWh) and its worked example.
  const KEY = [
    ['Liander', 2023, 21.84, 2.59, 0.016], ['Liander', 2024, 26.76, 3.2, 0.0195], ['Liander', 2025, 26.68, 3.46, 0.022],
    ['Liander', 2026, 27.48, 3.57, 0.0226], ['Stedin', 2023, 19.32, 2.43, 0.0148], ['Stedin', 2024, 23.0, 2.85, 0.0176],
    ['Stedin', 2025, 24.3, 3.1, 0.0198], ['Enexis', 2023, 18.62, 2.21, 0.0145], ['Enexis', 2024, 26.47, 3.14, 0.0206],
    ['Enexis', 2025, 29.28, 3.71, 0.025],
  ];
  for (const [dso, year, contract, kwmax, kwh] of KEY) {
    const { ms } = byDsoYear.get(`${dso} ${year}`);
    assert(fmt(ms.contract_eur_per_kw_year, 2) === fmt(contract, 2) && fmt(ms.kwmax_eur_per_kw_month, 2) === fmt(kwmax, 2) && fmt(ms.kwh_eur_per_kwh, 4) === fmt(kwh, 4), `${dso} ${year} MS disagrees with SOURCE.md`);
  }
  const ex = byDsoYear.get('Liander 2023').ms;
  tariffInfo.example = ex.vastrecht_eur_per_year + 1000 * ex.contract_eur_per_kw_year + 12 * 1000 * ex.kwmax_eur_per_kw_month;
  assert(Math.abs(tariffInfo.example - 53_361) < 1e-6, `worked example: ${tariffInfo.example} EUR, SOURCE.md 441 + 21,840 + 31,080 = 53,361`);
  // The oddities the README names (so that the README cannot outlive them).
  const rate = (dso, year, category) => rows.find((r) => r.dso === dso && r.year === year && r.category === category);
  assert(!rows.some((r) => r.dso === 'Liander' && r.year === 2026 && r.level === 'HS'), 'Liander 2026 now has an HS row: update the README');
  assert(rate('Liander', 2025, 'Trafo MS/LS').contract_eur_per_kw_year === 43.881, 'Liander 2025 MS/LS changed: update the README');
  assert(rate('Liander', 2025, 'TS >2 MW').contract_eur_per_kw_year === rate('Liander', 2025, 'Trafo HS+TS/MS >2 MW').contract_eur_per_kw_year, 'Liander 2025 TS: update the README');
  assert(rate('Stedin', 2024, 'TS >1500 kW').contract_eur_per_kw_year < rate('Stedin', 2023, 'TS >1500 kW').contract_eur_per_kw_year, 'Stedin TS 2024: update the README');
  tariffInfo.rows = rows;
  tariffInfo.byDsoYear = byDsoYear;
  writeTable('tariffs/dso-transport-nl.csv', ['dso', 'year', 'category', 'level', 'contract_min_kw', 'contract_max_kw', 'vastrecht_eur_per_year', 'contract_eur_per_kw_year', 'kwmax_eur_per_kw_month', 'kwh_eur_per_kwh', 'source_document', 'transcribed_in'], rows);

  const pavRel = 'dso-transport-tariffs-nl/dso_connection_pav_grootverbruik_2023_2026.csv';
  const PAV_COLUMNS = ['dso', 'year', 'physical_connection_band', 'periodieke_aansluitvergoeding_eur_per_year', 'transcribed_in'];
  const pavSource = parse(readText(pavRel), { columns: header(pavRel, PAV_COLUMNS), skip_empty_lines: true });
  assert(pavSource.length === 60, `${pavRel}: ${pavSource.length} rows, expected 60 (SOURCE.md)`);
  const pav = pavSource.map((r, i) => {
    const where = `${pavRel} row ${i + 2}`;
    const m = /^>(.+) t\/m (.+)$/.exec(r.physical_connection_band);
    assert(m !== null, `${where}: cannot read the band "${r.physical_connection_band}"`);
    const tariff = byDsoYear.get(`${r.dso} ${r.year}`);
    assert(tariff !== undefined && tariff.ms.transcribed_in === r.transcribed_in, `${where}: not from the transcription of the transport tariffs`);
    return {
      dso: r.dso,
      year: Number(r.year),
      band: r.physical_connection_band,
      kva_min: bandKva(m[1], where),
      kva_max: bandKva(m[2], where),
      pav_eur_per_year: amount(r, 'periodieke_aansluitvergoeding_eur_per_year', where),
      source_document: tariff.ms.source_document,
      transcribed_in: r.transcribed_in,
    };
  });
  // Bands of one DSO and year follow one another from 3x80 A (55.4 kVA) to 10 MVA without gaps.
  for (const key of byDsoYear.keys()) {
    const own = pav.filter((r) => `${r.dso} ${r.year}` === key);
    assert(own.length >= 4 && own[0].kva_min === 55.4 && own[own.length - 1].kva_max === 10_000, `${pavRel}: ${key} bands`);
    own.forEach((r, i) => assert(r.kva_min < r.kva_max && (i === 0 || r.kva_min === own[i - 1].kva_max), `${pavRel}: ${key} band ${r.band} does not follow the one before`));
  }
  tariffInfo.pav = pav;
  writeTable('tariffs/dso-connection-nl.csv', ['dso', 'year', 'band', 'kva_min', 'kva_max', 'pav_eur_per_year', 'source_document', 'transcribed_in'], pav);
}

// ---------------------------------------------------------------------------------------------------------
// README with computed sanity numbers
// ---------------------------------------------------------------------------------------------------------

const f = (x, d) => fmt(x, d);
const rTable = (rs) => Object.entries(rs)
  .sort((a, b) => Number(a[0]) - Number(b[0]))
  .map(([s, r]) => `${Number(s) > 0 ? '+' : ''}${s}: ${f(r, 4)}`)
  .join(', ');

function statsRow(p) {
  const v = p.written;
  const m = mean(v);
  const pk = max(v);
  const d = Math.min(p.decimals, 3);
  const cells = [`\`${p.id}\``, p.year, p.unit, f(m, 4), f(min(v), d), f(pk, d)];
  let extra = '';
  switch (p.id) {
    case 'pv-roof':
      extra = `yield ${f(sum(v), 1)} kWh/kWp/yr; capacity factor ${f(m, 4)}`;
      break;
    case 'wind-onshore':
      extra = `capacity factor ${f(m, 4)} = ${f(sum(v), 0)} full-load h${windScaling[p.year].capped ? ' (peak capped at 1)' : ''}`;
      break;
    case 'ghi-debilt':
      extra = `${f(sum(v) / 1000, 1)} kWh/m²/yr`;
      break;
    case 'price-dayahead-nl':
      extra = `${v.filter((x) => x < 0).length} negative hours`;
      break;
    case 'price-imbalance-nl':
      extra = `${v.filter((x) => x < 0).length} negative PTUs, ${v.filter((x) => x > 500).length} above 500 EUR/MWh`;
      break;
    default:
      if (p.kind === 'shape') extra = `load factor (mean/peak) ${f(m / pk, 3)}`;
  }
  return `| ${cells.join(' | ')} | ${extra} |`;
}

function dayMapTable(key, targetYear) {
  const dm = diag.dayMaps[key];
  const rows = [];
  for (const [date, s] of [...dm.entries()].sort()) {
    const t = dayInfo(date);
    if (!t.holiday && !t.dst && s.dist <= 3) continue;
    const why = t.holiday ? `holiday: ${t.holiday}` : t.dst ? `DST day (${t.dst})` : 'source > 3 days away';
    const src = `${s.date} ${WEEKDAYS[s.weekday]}${s.holiday ? ` (${s.holiday})` : ''}${s.dst ? ` (DST ${s.dst})` : ''}`;
    rows.push(`| ${date} ${WEEKDAYS[t.weekday]} | ${why} | ${src} | ${s.dist} |`);
  }
  return [`| ${targetYear} local date | reason | source day | days apart |`, '|---|---|---|---|', ...rows].join('\n');
}

const dstCheck = checkDstRuleAgainstIntl([2015, 2019, 2023]);
const hol2015 = [...holidays(2015).entries()].map(([d, n]) => `${d.slice(5)} ${n}`).join(', ');
const pvR = (y) => rTable(alignment.pv[y]);
const windR = (y, s) => rTable(alignment.wind[y][s]);
const dcA = alignment.dc;

/** Category names of the tariff table -> level, which DSOs use them, what they mean. */
function tariffLevelTable() {
  const lines = ['| DSO category (suffix "> 1500 kW" / "> 2 MW" left out) | level | used by | what it is |', '|---|---|---|---|'];
  for (const [name, [level, what]] of Object.entries(TARIFF_LEVELS)) {
    const dsos = [...new Set(tariffInfo.rows.filter((r) => r.category.replace(/ >\d.*$/, '') === name).map((r) => r.dso))];
    lines.push(`| ${name} | ${level} | ${dsos.join(', ')} | ${what} |`);
  }
  return lines.join('\n');
}

/** The contract bounds per DSO (the same in every year, checked here) and the MS rates per DSO and year. */
function tariffBoundsTable() {
  const lines = ['| DSO | LS | MS/LS | MS | TS (and the other open-ended rows) |', '|---|---|---|---|---|'];
  for (const dso of TARIFF_DSOS) {
    const bounds = TARIFF_YEARS.map((y) => {
      const { ls, msls, ms } = tariffInfo.byDsoYear.get(`${dso} ${y}`);
      return `| ${dso} | <= ${ls.contract_max_kw} kW | > ${msls.contract_min_kw} and <= ${msls.contract_max_kw} kW | > ${ms.contract_min_kw} and <= ${ms.contract_max_kw} kW | > ${ms.contract_max_kw} kW |`;
    });
    assert(new Set(bounds).size === 1, `${dso}: category bounds change between years`);
    lines.push(bounds[0]);
  }
  return lines.join('\n');
}

function tariffRatesTable() {
  const lines = ['| DSO, year | MS category | vastrecht EUR/yr | contract EUR/kW/yr | kWmax EUR/kW/month | kWh EUR/kWh | TS: vastrecht, contract, kWmax | source document |', '|---|---|---|---|---|---|---|---|'];
  for (const [key, { ms, ts }] of tariffInfo.byDsoYear) {
    lines.push(`| ${key} | ${ms.category} | ${ms.vastrecht_eur_per_year} | ${ms.contract_eur_per_kw_year} | ${ms.kwmax_eur_per_kw_month} | ${ms.kwh_eur_per_kwh} | ${ts.vastrecht_eur_per_year}, ${ts.contract_eur_per_kw_year}, ${ts.kwmax_eur_per_kw_month} | ${ms.source_document} |`);
  }
  return lines.join('\n');
}

const readme = `# hubsim profiles

Input profiles for hubsim (hourly, and one at 15 minutes) and the DSO tariff tables, generated from real public
data by \`scripts/build-profiles.mjs\`.
**Do not edit the files by hand**: regenerate them (see the end of this file). This README is generated too.

- \`catalogue.json\`: one entry per profile and year (id, year, file, column, unit, kind, start, stepMinutes,
  steps, description, source), sorted by id then year.
- \`<year>/<id>.csv\`: header \`time_utc,<column>\`, one row per UTC hour of the calendar year
  (\`<year>-01-01T00:00:00Z\` .. \`<year>-12-31T23:00:00Z\`, 8760 rows), the timestamp being the **start** of the hour
  and the value the mean (or, for temperature, the representative value) over that hour.
  Fixed decimals, no exponents, \`\\n\` line endings.
  The one exception is \`price-imbalance-nl\`: one row per 15-minute imbalance settlement period (PTU) of the UTC
  year (\`2023-01-01T00:00:00Z\` .. \`2023-12-31T23:45:00Z\`, 35,040 rows); its catalogue entry says \`stepMinutes\` 15.
  hubsim puts it on an hourly axis as the mean of the hour's four PTUs (energy-conserving resampling).

All time handling uses the explicit EU DST rule for Europe/Amsterdam (CET = UTC+1, CEST = UTC+2 from the last
Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC); this rule ${dstCheck}.

## Profiles

| id | years | column | unit | kind | source |
|---|---|---|---|---|---|
| \`pv-roof\` | 2019, 2023 | \`kw_per_kwp\` | kW/kWp | capacity-factor | ETM \`solar_pv_on_roof_buildings\` |
| \`wind-onshore\` | 2019, 2023 | \`kw_per_kw\` | kW/kW (per kW rated) | capacity-factor | ETM \`wind_inland_baseline\` |
| \`datacenter\` | 2019, 2023 | \`pu\` | p.u. of annual mean | shape | ETM nl2023 \`industry_ict\` (Liander) |
| \`nedu-e3a\` | 2019, 2023 | \`pu\` | p.u. of annual mean | shape | NEDU E3A 2015 |
| \`nedu-e3b\` | 2019, 2023 | \`pu\` | p.u. of annual mean | shape | NEDU E3B 2015 (= E3C) |
| \`nedu-e3d\` | 2019, 2023 | \`pu\` | p.u. of annual mean | shape | NEDU E3D 2015 |
| \`temperature-debilt\` | 2019, 2023 | \`celsius\` | °C | temperature | KNMI 260 De Bilt |
| \`temperature-schiphol\` | 2019, 2023 | \`celsius\` | °C | temperature | KNMI 240 Schiphol |
| \`ghi-debilt\` | 2019, 2023 | \`w_per_m2\` | W/m² | irradiance | KNMI 260 De Bilt |
| \`price-dayahead-nl\` | 2019, 2023 | \`eur_per_mwh\` | EUR/MWh | price | ENTSO-E |
| \`price-imbalance-nl\` | 2023 (15 min) | \`eur_per_mwh\` | EUR/MWh | price | ENTSO-E (TenneT imbalance prices) |

## Sources, licences and attribution

- **KNMI** hourly station data (uurgegevens), stations 240 Schiphol and 260 De Bilt, 2019 and 2023. Official KNMI
  decade files \`uurgeg_<STN>_2011-2020.zip\` / \`uurgeg_<STN>_2021-2030.zip\`, copies from GitHub
  \`Bowen577/KNMI_EPW_Generator\`, folder \`knmi_zip/\`, commit \`0efeb6504d9060b6bf808ce32a3a101b6fc6eea9\`, cut to one
  year each. Licence **CC BY 4.0** (https://creativecommons.org/licenses/by/4.0/). Attribution: **"Bron:
  KNMI"** (Source: KNMI). Changed: cut to one year, hour-ending UT readings turned into hour-beginning UTC
  steps, irradiance from J/cm² per hour to W/m², and used to check the ETM curves' hours (below).
- **Quintel Energy Transition Model** curves, repository \`quintel/etsource\`, commit
  \`54775b3d37feeef95a827e0182485489e4f5fe1e\`, paths \`datasets/nl2019|nl2023/curves/weather/default/solar_pv_on_roof_buildings.csv\`,
  \`.../wind_inland_baseline.csv\`, \`datasets/nl2023/curves/industry_ict.csv\` (plus, for validation only,
  \`datasets/nl2019|nl2023/curves/buildings_appliances.csv\` and \`industry_other_electricity.csv\`). Licence **MIT**:
  "Copyright (c) 2013 ENERGYTRANSITIONMODEL.COM / Quintel Intelligence B.V." Upstream data: KNMI (CC BY 4.0), NEDU,
  Liander (data-centre curve, etsource commit 93c43b719b "Update industry_ict curve with profile from Liander").
- **NEDU** standard electricity profiles (verbruiksprofielen) E3A, E3B, E3C, E3D for 2015, 15-min, from
  repository \`quintel/etmoses\`, commit \`e1e682d0ef68928e5a015c44d916ec151917b1ff\`, \`scripts/input_data/edsn_E3A.csv\`,
  \`edsn_E3B.csv\`, \`edsn_E3C.csv\`, \`edsn_E3D.csv\` (repository MIT, Copyright (c) 2014 Quintel Intelligence).
  Attribute as **"NEDU verbruiksprofielen elektriciteit 2015"**. NEDU/MFFBAS publish the profiles for market use
  without an explicit open-data licence; check their terms before commercial redistribution.
- **ENTSO-E** Transparency Platform, Day-ahead Prices, bidding zone BZN|NL (10YNL----------L), 2023 (SDAC result
  submitted on behalf of the NEMOs, EPEX SPOT). Export \`Day-ahead Prices_202301010000-202401010000.csv\`, copy from
  GitHub \`kraayeveldthijs-source/hobby_projects\`, commit \`1426618aaa4fde3fc3527952d125e94879ebd5f7\`. Re-use under the
  ENTSO-E Transparency Platform terms with attribution **"ENTSO-E Transparency Platform"**; check the EPEX/ENTSO-E
  terms before commercial redistribution of the raw price series.
- **ENTSO-E** Transparency Platform, Day-ahead Prices, bidding zone NL, 2019 (APX/EPEX NL clearing). Export
  \`Day-ahead Prices_201901010000-202001010000.csv\`, copy from GitHub \`juan-giraldo-ch/Serious_Game\`, commit
  \`136a0996cc61ab03f912400b1697d1bd677c95ae\` (unchanged at HEAD \`c9e184c98e\`); the zone is NL by its annual mean
  (EUR 41.20/MWh, the published 2019 NL baseload average) and by value checks against ENTSO-E files with a \`BZN|NL\`
  column (SOURCE.md). The repository has no licence; the data are ENTSO-E Transparency Platform data, re-used under
  the ENTSO-E terms with attribution **"Source: ENTSO-E Transparency Platform"**, the same situation as 2023.
- **ENTSO-E** Transparency Platform, Imbalance prices (document A85) for the NL control area, 2023, 15-minute
  imbalance settlement periods: TenneT's imbalance settlement prices, retrieved with \`entsoe-py\`
  (\`EntsoePandasClient.query_imbalance_prices\`) by GitHub \`${IMB_REPO}\`, file \`outfile_imb_2023_Jan_Dec.csv\`,
  commit \`${IMB_COMMIT}\` (unchanged at that repository's later HEAD). The retrieval script dropped the "Short" column and
  kept the **"Long"** price (category A04, the surplus price); in the Dutch single-price system it equals the shortage
  price in almost every PTU (they differ only in PTUs with regulation state 2), so it is used as **the** imbalance price.
  The repository has no licence; the data are ENTSO-E Transparency Platform data (TenneT also publishes them).
  Re-use under the ENTSO-E terms with attribution **"Source: ENTSO-E Transparency Platform"**. The same retrieval's
  DST-exact day-ahead file (\`outfile_DA_2023_Jan_Dec.csv\`) is read only to cross-check \`price-dayahead-nl\`.
- **DSO tariffs** (\`tariffs/\`): the regulated transport tariffs and connection-service fees of Liander, Stedin and
  Enexis for large connections (> 3x80 A), 2023-2026, EUR excluding VAT, as set in the ACM tariff decisions
  (*Tarievenbesluit Elektriciteit <year>*, Bijlage 2a + 2b, one xlsx "tarievenblad" per DSO and year; Enexis 2025 from
  Enexis's own grootverbruik tariff sheets). The numbers were **transcribed** from the Java classes
  \`_alp/Classes/Class.J_GridOperatorTariffs<DSO>_<year>.java\` of GitHub \`Zenmo/zero_Interface-Loader\` at commits
  \`f5e878040c\` (Enexis 2023; Liander 2023, 2024, 2026; Stedin 2024, 2026), \`1b9512e04d\` (Enexis 2024, 2026; Stedin 2023),
  \`46385a08be\` (Liander 2025, Stedin 2025) and \`6a93e68d9d\` (Enexis 2025) into the shared data's tables; no code was
  copied (that repository has no licence). They are **not verified against the ACM xlsx**. The tariffs are public
  regulated facts; attribute as **"ACM Tarievenbesluit Elektriciteit <year>, tarievenblad <DSO>"**.

## Conversions

### \`pv-roof\` (kW per kWp)

- value = ETM value × 3600 × FLH with the ETM full-load hours (nl2019: ${ETM_FLH.solar[2019]} h, nl2023: ${ETM_FLH.solar[2023]} h,
  \`datasets/nl20xx/central_producers.csv\`), so the annual yield is ${ETM_FLH.solar[2019]} / ${ETM_FLH.solar[2023]} kWh/kWp.
- Time axis: the ETM solar rows are CET hour-beginning, i.e. ETM row j covers UTC [j-1, j). UTC hour h takes ETM
  row h+1. The last UTC hour of the year (local 1 January 00:00-01:00 of the next year, night) takes ETM row 0,
  which is 0 in both years.
- Check (Pearson r of ETM row j against KNMI De Bilt Q of UTC hour j - shift): 2019: ${pvR(2019)}; 2023: ${pvR(2023)}.
  Shift +1 is the maximum in both years (the script stops if that ever changes).

### \`wind-onshore\` (kW per kW rated)

- value = ETM value × 3600 × FLH (nl2019: ${ETM_FLH.windInland[2019]} h, nl2023: ${ETM_FLH.windInland[2023]} h), but never above 1 kW/kW.
  - 2019: the FLH scaling would give a peak of ${f(windScaling[2019].peakAtFlh, 4)} kW/kW, so the curve is instead scaled to a peak of
    exactly 1, giving a capacity factor of ${f(windScaling[2019].cf, 4)} (${f(windScaling[2019].cf * 8760, 0)} full-load hours instead of ${ETM_FLH.windInland[2019]}).
  - 2023: the FLH scaling gives a peak of ${f(windScaling[2023].peakAtFlh, 4)} kW/kW; no cap needed (capacity factor ${f(windScaling[2023].cf, 4)}).
- Time axis: Pearson r of ETM row j against KNMI FH (hourly mean wind, UTC hour j - shift):
  - 2019 Schiphol 240: ${windR(2019, 240)}; De Bilt 260: ${windR(2019, 260)}
  - 2023 Schiphol 240: ${windR(2023, 240)}; De Bilt 260: ${windR(2023, 260)}

  Shift +1 is the best at both stations in both years, the same CET hour-beginning convention as the solar curves,
  so UTC hour h takes ETM row h+1. The discrimination is weak (wind is strongly autocorrelated; the ETM curve is a
  national/regional series, not a transform of one station), but it is consistent; +2 equals it to four decimals at Schiphol in
  2019, so the wind curve's hour is less certain than the solar curves', whose +1 leads clearly. The last UTC hour of the year has
  no ETM row and repeats the previous hour (persistence).

### \`datacenter\` (p.u. of annual mean, mean exactly 1)

- 2023: ETM nl2023 \`industry_ict.csv\` (Liander-based data-centre profile; BOM, CRLF and the missing trailing
  newline are handled by the CSV parser), normalised to mean 1.
- Time axis: assumed CET hour-beginning like the other ETM curves (UTC hour h takes row h+1; the last UTC hour,
  local 1 January 00:00, takes row 0, which is local 1 January 00:00 of 2023: the same clock hour on the same
  holiday). What the data show:
  - The file is on a fixed-offset axis, not on the local clock: the largest mean hour-to-hour rise (morning ramp)
    is at row-of-day ${dcA.rampWinter} in winter (Nov-Feb) and at row-of-day ${dcA.rampSummer} in summer (May-Aug), i.e. one row earlier
    in summer, as expected when activity follows the local clock and the axis does not.
  - Pearson r of ETM \`industry_ict\` row j against ETM nl2023 \`buildings_appliances\` row j - shift: ${rTable(dcA.rsB)};
    against the NEDU E3A shape mapped onto 2023 (true UTC axis, UTC hour j - shift): ${rTable(dcA.rsE)}.
  - Both are consistent with the CET hour-beginning convention (same axis as the other ETM demand curve, and
    best at +1 against a true UTC-axis office shape), but the margins are small because a data centre is nearly
    flat; the ETM convention is kept and the remaining doubt is one hour.
- 2019: there is **no measured 2019 data-centre curve** (ETM nl2019 \`industry_ict.csv\` is a copy of NEDU E3D). The
  2023 curve is mapped onto the 2019 calendar with exactly the same weekday/holiday/local-clock rule as the NEDU
  profiles below (source year 2023, 2023 holidays computed with the same rule), then normalised to mean 1.

### \`nedu-e3a\`, \`nedu-e3b\`, \`nedu-e3d\` (p.u. of annual mean, mean exactly 1)

- Source: 2015 quarter-hour fractions of annual use, Dutch local time (row 0 = 1 Jan 2015 00:00 local; 92 quarters on
  2015-03-29 and 100 on 2015-10-25). Rows are in real-time order, so row i is the UTC quarter starting at
  2014-12-31T23:00Z + 15 min × i; each row is keyed by its local date, local clock time and fold (first or
  second pass of the repeated autumn hour).
- E3B and E3C are ${e3bEqualsE3c ? '**identical** value for value in the source' : 'NOT identical in this source (check!)'}; only E3B is shipped.
- Calendar mapping onto the target year, per local date:
  - a target public holiday takes the nearest 2015 **Sunday** by day of year;
  - any other target day takes the nearest 2015 day **with the same weekday** by day of year that is not a 2015
    holiday (a workday never takes a holiday; the rule is applied to Saturdays and Sundays too);
  - a 2015 DST day (23 h / 25 h) is only used for a target DST day of the same kind, so a normal day never meets
    the missing spring hour; ties (possible only after exclusions) go to the earlier day.
  - Dutch holidays: Nieuwjaarsdag, Eerste en Tweede Paasdag (Easter by the anonymous Gregorian algorithm),
    Koningsdag (27 April, or 26 April when the 27th is a Sunday), Hemelvaartsdag (Easter + 39), Eerste en Tweede
    Pinksterdag (Easter + 49/50), Eerste en Tweede Kerstdag; Bevrijdingsdag (5 May) only in lustrum years, so not
    in 2019/2023. **2015 is a lustrum year**: 2015 holidays are ${hol2015}. 5 May 2015 (a Tuesday) is clearly a
    holiday in the E3A data (daily energy about 0.56 of a normal weekday, like Koningsdag), so it is excluded as a
    source for workdays as well.
- Local-clock mapping: each UTC quarter of the target year -> its local date, local time of day and fold -> the
  source day's value at that local time (and fold; if the source day has no second pass, the first pass is used,
  so on the 25-hour day the repeated hour repeats values; on the 23-hour day the missing hour is simply skipped).
  Hourly value = mean of the 4 quarters of the UTC hour, then normalised to mean 1 over the UTC year.
- The UTC year starts at local 01:00 on 1 January and ends with local 1 January 00:00-01:00 of the next year,
  which is Nieuwjaarsdag and is treated as a holiday.
- Non-trivial day choices (holidays, DST days, and days whose source is more than 3 days away, either because a
  nearer same-weekday day is a 2015 holiday or DST day, or because of the year boundary):

${dayMapTable('nedu-2019', 2019)}

${dayMapTable('nedu-2023', 2023)}

- Validation against the real NEDU **2019** curves that ETM ships for nl2019 (\`buildings_appliances\` = E3A 2019,
  \`industry_other_electricity\` = E3D 2019): Pearson r of ETM row j against our mapped 2019 shape at UTC hour
  j - shift: E3A ${rTable(alignment.nedu.E3A)}; E3D ${rTable(alignment.nedu.E3D)}. This also confirms that the
  NEDU-based ETM curves are CET hour-beginning (shift +1).
- Data-centre 2019 day choices (source year 2023):

${dayMapTable('dc-2019', 2019)}

### \`temperature-debilt\`, \`temperature-schiphol\` (°C)

- KNMI T (0.1 °C) is an instantaneous observation at the **end** of hour HH (UT, hour-ending). The value for the
  hour-beginning interval [h, h+1) is the mean of the observations at h and h+1. The first hour of the year only
  has its end observation (the 1 January 00:00 UTC observation is in the previous year's file) and uses that one.

### \`ghi-debilt\` (W/m²)

- KNMI Q (J/cm² summed over hour HH, hour-ending UT) -> mean irradiance Q × 10000 / 3600 W/m², labelled at the hour
  start (HH-1). Values below 0 would be clamped to 0 (none occur).

### \`price-dayahead-nl\` (EUR/MWh, 2023)

- The ENTSO-E export is local CET/CEST hour-beginning with 24 rows every day. Each row's local start time is
  converted to UTC with the DST rule:
  - dropped (non-existent local hour): ${priceInfo.dropped.join('; ')};
  - duplicated (the only row for a local hour that occurs twice): ${priceInfo.duplicated.join('; ')};
  - outside the UTC year and dropped: ${priceInfo.outside.join(', ')} (local 2023-01-01 00:00);
  - missing and filled with the previous hour's value: ${priceInfo.filled.join(', ')} (local 2024-01-01 00:00 is not in the file).
- The mean of the raw 8760 rows is ${f(priceInfo.rawMean, 4)} EUR/MWh (SOURCE.md: 95.83); after the UTC conversion the
  mean is ${f(mean(profiles.find((p) => p.id === 'price-dayahead-nl' && p.year === 2023).written), 4)} EUR/MWh.

### \`price-dayahead-nl\` (EUR/MWh, 2019)

- The 2019 export was re-saved in Excel: its local time labels are a regular grid that is one hour late from the
  second 02:00 of 27 October on, and the non-existent 31 March 02:00 is an empty row (SOURCE.md). The shared data's
  \`nl_dayahead_2019_utc.csv\` holds the same prices in the same order with correct UTC hours; the script reads it and
  stops unless its 8760 prices equal the original export's, in file order, without the one empty row.
  - outside the UTC year and dropped: ${price2019Info.outside.join(', ')} (local 2019-01-01 00:00);
  - missing and filled with the previous hour's value: ${price2019Info.filled.join(', ')} (local 2020-01-01 00:00 is not in the file).
- The mean of the 8760 source rows is ${f(price2019Info.rawMean, 4)} EUR/MWh (SOURCE.md: 41.20); after the UTC conversion
  the mean is ${f(mean(profiles.find((p) => p.id === 'price-dayahead-nl' && p.year === 2019).written), 4)} EUR/MWh.
- A weather year without day-ahead prices of its own is priced by hubsim with the nearest shipped price year (the
  later one when two are equally near), at the same position in the year: a stated substitute, named in each
  result's provenance (src/profiles/prices.ts).

### \`price-imbalance-nl\` (EUR/MWh, 2023 only, 15 minutes)

- Source: 35,036 rows, header \`,imb_price\`; the first column is the PTU start in local time with its offset
  (\`2023-01-01 00:00:00+01:00\`), so each row converts to UTC without guessing. The script checks (and stops if not)
  35,036 rows, strictly 15 minutes apart in UTC, every offset the Amsterdam one, 96 PTUs on every local day but
  92 on 2023-03-26 (spring DST) and 100 on 2023-10-29 (autumn DST) and 92 on 2023-12-31 (its last hour is missing),
  and a mean of ${f(imbalanceInfo.rawMean, 4)} EUR/MWh (SOURCE.md: 93.6).
- The source covers local 2023 without its last hour; the profile covers UTC 2023:
  - outside the UTC year and dropped: ${imbalanceInfo.outside.join(', ')} (local 2023-01-01 00:00-01:00);
  - missing and filled with the **day-ahead price of their hour** from \`price-dayahead-nl\`, so the spread imbalance -
    day-ahead is 0 there: ${imbalanceInfo.filled.join(', ')}. The first four are local 2023-12-31 23:00-24:00 (the
    retrieval's end time was 23:00 local, SOURCE.md); the last four are local 2024-01-01 00:00-01:00, beyond the local
    year (the day-ahead profile repeats its previous hour there).
- Values are written as in the source (2 decimals). Hourly means of the PTUs against the day-ahead price of the
  hour: Pearson r ${f(imbalanceInfo.hourlyR, 3)}, mean absolute difference ${f(imbalanceInfo.hourlyMad, 1)} EUR/MWh (SOURCE.md: r 0.32, 71 EUR/MWh).
- Cross-check of \`price-dayahead-nl\` against the DST-exact day-ahead file of the same retrieval: they agree in every
  UTC hour but ${imbalanceInfo.daDiffs.join('; ')}. That hour is the second pass of local 02:00 on the autumn
  DST day, which the ENTSO-E export behind \`price-dayahead-nl\` does not have (see above), so the day-ahead profile
  repeats the first pass there; the imbalance spread of that hour inherits the difference.

## DSO tariffs (\`tariffs/\`, 2023-2026)

Two tables, not time series (so not in \`catalogue.json\`), written from
\`dso-transport-tariffs-nl/dso_transport_tariffs_grootverbruik_2023_2026.csv\` (71 rows) and
\`dso_connection_pav_grootverbruik_2023_2026.csv\` (60 rows). All amounts EUR excluding VAT; numbers are written in
their shortest exact form (as transcribed, up to 4 decimals).

### \`tariffs/dso-transport-nl.csv\`: transport service (transportdienst), one row per DSO, year and category

| column | meaning |
|---|---|
| \`dso\`, \`year\`, \`category\` | the DSO, the tariff year (1 Jan-31 Dec) and the DSO's own category name |
| \`level\` | the category's level: LS, MS/LS, MS, TS, HS/MS or HS (table below) |
| \`contract_min_kw\`, \`contract_max_kw\` | contracted transport capacity (gecontracteerd transportvermogen) of the category: above \`contract_min_kw\` (exclusive, 0 for the first) up to \`contract_max_kw\` (inclusive; empty when open-ended) |
| \`vastrecht_eur_per_year\` | fixed transport fee per connection, EUR/year |
| \`contract_eur_per_kw_year\` | per kW of contracted capacity, EUR/kW/year |
| \`kwmax_eur_per_kw_month\` | per kW of the month's highest measured 15-minute average offtake (kWmax), EUR/kW/month (0 for LS) |
| \`kwh_eur_per_kwh\` | per kWh of offtake, the normal rate |
| \`source_document\`, \`transcribed_in\` | the tariff sheet the transcribing class names, and that repository and commit |

- The source's low-period kWh rate is left out: it equals the normal rate in every row but LS (checked).
- The source's range text (\`contract >136 kW and <=2 MW\`) becomes the two numeric bounds, in kW.
- Billing rules the transcription notes from the Enexis sheet: contract kW, kWmax and kWh are paid on **offtake**
  only; the vastrecht and the category follow the offtake contract; a feed-in-only connection pays vastrecht only.

Levels (the ACM tariff categories: LS low voltage, MS medium voltage, TS intermediate voltage ("tussenspanning",
25/50 kV), HS high voltage; "Trafo A/B" is a connection on the B side of an A/B transformer):

${tariffLevelTable()}

Category bounds on the contracted capacity (the same in all four years):

${tariffBoundsTable()}

How hubsim picks a category (\`src/profiles/transport-tariffs.ts\`): the LS, MS/LS or MS row whose bounds hold the
contract; above the MS bound, the **HS/MS** row (*Trafo HS+TS/MS* at Liander and Stedin, *HS/MS* at Enexis), for
every DSO: a collective connection of a few MW made on the MV busbar of an HV/MV station. That is a stated choice for
a business-park hub above 2 MW (Liander) or 1.5 MW (Stedin, Enexis). The category really depends on the physical
connection: the TS and HS rows, and Enexis's MS-D and MS-T rows above 1500 kW, are in the table for a caller who
knows the connection.

Who uses the table: a rollout's \`economics.transportTariffs.dso\` for the members' case, each horizon year at its
own tariffs (years before 2023 at 2023, after 2026 at 2026); and a hub file's \`tariff: { operator: liander, year:
2025 }\` (or a sweep's \`economics.tariff\`), which takes the rates of exactly that operator and year (an operator or
year not in the table is refused with \`hub.unknownTariff\`, listing those that are), the category of the hub's
contracted kW, and lets explicit rates replace the table's one by one (README, The hub file).

MS and TS rates per DSO and year:

${tariffRatesTable()}

Worked example (dso-transport-tariffs-nl/SOURCE.md), Liander 2023, MS, 1000 kW contract, twelve monthly peaks of
1000 kW: 441 + 1000 × 21.84 + 12 × 1000 × 2.59 = ${String(tariffInfo.example).replace(/\B(?=(\d{3})+$)/g, ',')} EUR/yr without the energy part (the script checks it).

Notes on the data, from the checks above: Liander 2026 has no HS row (the transcription omitted it); Stedin has no
HS category; Liander 2025's MS/LS contract rate is 43.881 (three decimals, where Liander's other rates have two);
Liander 2025's TS and Trafo HS+TS/MS contract rates are both 45.6; Stedin's TS rates fall from 2023 to 2024
(35.3278 -> 33.4616 EUR/kW/yr, 4.0184 -> 3.8765 EUR/kW/month) while its other rates rise by about a fifth. Check
such values against the ACM xlsx before relying on them beyond simulation.

### \`tariffs/dso-connection-nl.csv\`: connection service (periodieke aansluitvergoeding, PAV)

| column | meaning |
|---|---|
| \`dso\`, \`year\` | as above |
| \`band\` | the physical connection capacity (aansluitcapaciteit) band as the DSO names it |
| \`kva_min\`, \`kva_max\` | the band in kVA: above \`kva_min\` (exclusive) up to \`kva_max\` (inclusive) |
| \`pav_eur_per_year\` | the connection-service fee, EUR/year |
| \`source_document\`, \`transcribed_in\` | as in the transport table of the same DSO and year (the same transcribing class) |

- "3x80 A" is √3 × 400 V × 80 A = ${f(threePhaseKva(80), 2)} kVA, written as 55.4; the same rule gives the 173 kVA that Enexis
  states for 3x250 A (checked). MVA bounds are written in kVA (2 MVA = 2000).
- Bands follow one another without gaps up to 10 MVA (checked); larger connections are bespoke and not included.
  Liander's 160-630 and 630-1000 kVA bands have the same fee in the ACM sheet and are one row here, as in the
  transcription.

## Sanity numbers (computed from the written files)

| id | year | unit | mean | min | max | notes |
|---|---|---|---|---|---|---|
${profiles.map(statsRow).join('\n')}

Reference values: KNMI SOURCE.md mean T De Bilt 11.18 (2019) / 11.79 (2023) °C, Schiphol 11.33 / 11.98 °C, annual GHI
De Bilt 1099 / 1096 kWh/m²; ENTSO-E SOURCE.md 2023 price mean 95.83, min -500.00, max 463.77 EUR/MWh, 315 negative
hours; imbalance SOURCE.md 2023 mean 93.6, min -1549.47, max 2037.74 EUR/MWh, 6817 negative PTUs, 840 above 500 EUR/MWh
(of the 35,036 source rows); NEDU SOURCE.md 2015 load factors E3A 0.439, E3B 0.571, E3D 0.883; ETM SOURCE.md data-centre load factor 0.868.

## Regenerating

\`\`\`
npm run profiles            # = node scripts/build-profiles.mjs [sharedDataDir] [outDir]
npx vitest run tests/profiles.test.ts
\`\`\`

The tariff tables in \`tariffs/\` are regenerated by the same command.
The public source data (the data sets listed under "Sources, licences and attribution") are **not part of this
repository**: what ships is \`profiles/\`. To rebuild, pass the source-data folder as the first argument or as
\`HUBSIM_SHARED_DATA\` (without either, the script looks for it beside the repository); the output folder defaults to
\`profiles/\` (second argument). Each data set comes with a \`SOURCE.md\` note (origin, licence, sanity numbers); where
this file cites \`SOURCE.md\`, it means that note, and what hubsim relies on from it is stated here. The output is
byte-identical across runs; \`tests/profiles.test.ts\` checks that when the source data are present. The sources of
hubsim's other defaults are in \`docs/sources.md\`.

The build (\`npm ci\`, \`npm run build\`) also writes these profiles as raw doubles into \`dist/profile-cache/\`
(\`scripts/profile-cache.mjs\`, not committed), parsed from the CSVs here. hubsim reads a profile from that
cache only while the CSV's SHA-256 equals the one the cache was written from; an edited or regenerated CSV
is parsed again. The CSVs stay the source of every number.

## The MIT licence of the Quintel repositories

The ETM curves (quintel/etsource) and the NEDU profile copies (quintel/etmoses) are used under the MIT
licence, whose permission notice goes with every copy:

> Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
> associated documentation files (the "Software"), to deal in the Software without restriction,
> including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense,
> and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so,
> subject to the following conditions:
>
> The above copyright notice and this permission notice shall be included in all copies or substantial
> portions of the Software.
>
> THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
> LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN
> NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
> WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
> SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

with the copyright notices "Copyright (c) 2013 ENERGYTRANSITIONMODEL.COM / Quintel Intelligence B.V."
(etsource) and "Copyright (c) 2014 Quintel Intelligence" (etmoses).
`;
fs.writeFileSync(path.join(OUT, 'README.md'), readme);

console.log(`build-profiles: wrote ${written.length} profiles, catalogue.json and README.md to ${path.relative(process.cwd(), OUT) || '.'}`);
