// DSO transport tariffs for large connections (profiles/tariffs/, src/profiles/transport-tariffs.ts and
// src/economics/transport-cost.ts).
// Reference numbers come from ../shared/data/dso-transport-tariffs-nl/SOURCE.md (its "Key numbers" table,
// its category boundaries and its worked example) or from the shipped rows quoted next to them.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { connectionTransportCostEur } from '../src/economics/transport-cost.js';
import { DSOS, transportTariff, type Dso } from '../src/profiles/transport-tariffs.js';
import { PROFILES_DIR } from '../src/profiles/catalogue.js';
import { aloneFigures } from '../src/rollout/terrain-figures.js';
import { expectError } from './support/expect-error.js';

const table = (file: string) => parse(readFileSync(`${PROFILES_DIR}tariffs/${file}`, 'utf8'), { columns: true }) as Record<string, string>[];

describe('connectionTransportCostEur', () => {
  it('gives the SOURCE.md worked example: Liander 2023, MS, 1000 kW, twelve monthly peaks of 1000 kW = 53,361 EUR', () => {
    // SOURCE.md: vastrecht 441; contract 1000 x 21.84 = 21,840; monthly peaks 12 x 1000 x 2.59 = 31,080;
    // 441 + 21,840 + 31,080 = 53,361 EUR/yr (its subtotal of 117,361 adds 4 GWh x 0.016 = 64,000 for energy).
    const tariff = transportTariff('Liander', 2023, 1000);
    expect([tariff.category, tariff.level, tariff.year]).toEqual(['MS', 'MS', 2023]);
    expect(tariff.energyEurPerKwh).toBe(0.016);
    const cost = connectionTransportCostEur(tariff, 1000, new Array(12).fill(1000));
    expect(cost.vastrechtEur).toBe(441);
    expect(cost.contractEur).toBeCloseTo(21_840, 9);
    expect(cost.kwmaxEur).toBeCloseTo(31_080, 9);
    expect(cost.totalEur).toBeCloseTo(53_361, 9);
  });

  it('charges no kWmax in a month without import', () => {
    // 441 + 500 x 21.84 = 11,361; months: 800 x 2.59 = 2,072 and a month of net export (-300 kW) 0.
    const cost = connectionTransportCostEur(transportTariff('Liander', 2023, 500), 500, [800, -300]);
    expect(cost.kwmaxEur).toBeCloseTo(2072, 9);
    expect(cost.totalEur).toBeCloseTo(441 + 10_920 + 2072, 9);
  });

  it('rejects a month peak that is not a number and a negative contract, with stable codes', () => {
    const tariff = transportTariff('Stedin', 2024, 400);
    expectError(() => connectionTransportCostEur(tariff, 400, [100, Number.NaN]), 'tariff.badMonthPeak', { field: 'monthMaxKw[1]' });
    expectError(() => connectionTransportCostEur(tariff, -1, [100]), 'tariff.badContract', { field: 'contractKw' });
  });
});

describe('transportTariff: the category follows the contract (SOURCE.md "Category boundaries")', () => {
  const at = (dso: Dso, kw: number) => transportTariff(dso, 2023, kw);

  it('Liander: LS <= 50 kW, MS/LS <= 136 kW, MS <= 2 MW, HV/MV transformer (HS/MS) above', () => {
    expect([at('Liander', 50).level, at('Liander', 50).category]).toEqual(['LS', 'LS']);
    expect([at('Liander', 50.001).level, at('Liander', 50.001).category]).toEqual(['MS/LS', 'Trafo MS/LS']);
    expect(at('Liander', 136).level).toBe('MS/LS');
    expect(at('Liander', 136.001).level).toBe('MS');
    expect([at('Liander', 2000).level, at('Liander', 2000).category]).toEqual(['MS', 'MS']);
    const trafo = at('Liander', 2000.001);
    // Shipped row: Liander,2023,Trafo HS+TS/MS >2 MW,HS/MS,2000,,2760,35.04,4.06,0,...
    expect([trafo.level, trafo.category, trafo.vastrechtEurPerYear, trafo.contractEurPerKwYear, trafo.kwmaxEurPerKwMonth, trafo.energyEurPerKwh]).toEqual(['HS/MS', 'Trafo HS+TS/MS >2 MW', 2760, 35.04, 4.06, 0]);
  });

  it('Stedin and Enexis: MS up to 1500 kW, HV/MV transformer (HS/MS) above', () => {
    expect([at('Stedin', 1500).level, at('Stedin', 1500).category]).toEqual(['MS', 'MS']);
    expect([at('Stedin', 1500.001).level, at('Stedin', 1500.001).category]).toEqual(['HS/MS', 'Trafo HS+TS/MS >1500 kW']);
    expect([at('Enexis', 1500).level, at('Enexis', 1500).category]).toEqual(['MS', 'MS-D']);
    // Enexis's open-ended MS-D, MS-T and TS rows are left to a caller who knows the connection.
    expect([at('Enexis', 1500.001).level, at('Enexis', 1500.001).category]).toEqual(['HS/MS', 'HS/MS >1500 kW']);
    expect(at('Stedin', 150).level).toBe('MS/LS');
    expect(at('Enexis', 125).level).toBe('MS/LS');
    expect(at('Enexis', 125.001).level).toBe('MS');
  });

  it('puts a connection that contracts no import (0 kW) in the lowest category, with no contract charge', () => {
    // Shipped row: Liander,2023,LS,LS,0,50,...: the LS row's fixed fee, as for 50 kW.
    const none = at('Liander', 0);
    expect([none.level, none.category, none.vastrechtEurPerYear]).toEqual(['LS', 'LS', at('Liander', 50).vastrechtEurPerYear]);
    expect(connectionTransportCostEur(none, 0, [0, 0]).totalEur).toBe(none.vastrechtEurPerYear);
    expect(at('Enexis', 0).category).toBe('LS');
  });

  it('rejects an unknown DSO, a year that is not whole and a negative or missing contract, with stable codes', () => {
    expectError(() => transportTariff('Tennet' as Dso, 2023, 100), 'tariff.unknownDso', { field: 'dso' });
    expectError(() => transportTariff('Liander', 2023.5, 100), 'tariff.badYear', { field: 'year' });
    expectError(() => transportTariff('Liander', 2023, -1), 'tariff.badContract', { field: 'contractKw' });
    expectError(() => transportTariff('Liander', 2023, Number.NaN), 'tariff.badContract', { field: 'contractKw' });
  });
});

describe('transportTariff: the tariff year is clamped to the shipped 2023-2026', () => {
  it('uses the 2026 tariffs for 2030 and the 2023 tariffs for 2019, and says so', () => {
    const later = transportTariff('Liander', 2030, 1000);
    expect([later.year, later.requestedYear]).toEqual([2026, 2030]);
    expect(later.contractEurPerKwYear).toBe(27.48); // SOURCE.md key numbers, Liander 2026 MS
    expect({ ...later, requestedYear: 2026 }).toEqual(transportTariff('Liander', 2026, 1000));
    const earlier = transportTariff('Enexis', 2019, 1000);
    expect([earlier.year, earlier.requestedYear]).toEqual([2023, 2019]);
    expect(earlier.contractEurPerKwYear).toBe(18.62); // SOURCE.md key numbers, Enexis 2023 MS-D
    expect(transportTariff('Stedin', 2025, 1000).contractEurPerKwYear).toBe(24.3); // in range: its own year
  });

  it('names the tariff sheet and the transcription in source', () => {
    expect(transportTariff('Stedin', 2024, 1000).source).toMatch(/tarievenblad-stedin-elektriciteit-2024\.xlsx.*Zenmo\/zero_Interface-Loader@f5e878040c.*not verified/);
  });
});

describe('profiles/tariffs/dso-transport-nl.csv', () => {
  const rows = table('dso-transport-nl.csv');

  it.each(DSOS.flatMap((dso) => [2023, 2024, 2025, 2026].map((year) => [dso, year] as const)))(
    '%s %i has LS, MS/LS, MS and HS/MS rows whose bounds follow one another',
    (dso, year) => {
      const own = rows.filter((r) => r.dso === dso && Number(r.year) === year);
      const bounded = (level: string) => own.filter((r) => r.level === level && r.contract_max_kw !== '');
      const [ls, msls, ms] = ['LS', 'MS/LS', 'MS'].map((level) => {
        expect(bounded(level), `${dso} ${year} ${level}`).toHaveLength(1);
        return bounded(level)[0];
      });
      const ts = own.filter((r) => r.level === 'HS/MS');
      expect(ts).toHaveLength(1);
      expect([ls.contract_min_kw, ls.contract_max_kw]).toEqual(['0', '50']);
      expect(msls.contract_min_kw).toBe(ls.contract_max_kw);
      expect(ms.contract_min_kw).toBe(msls.contract_max_kw);
      expect([ts[0].contract_min_kw, ts[0].contract_max_kw]).toEqual([ms.contract_max_kw, '']);
    },
  );

  it('has 71 rows, as the source (SOURCE.md)', () => {
    expect(rows).toHaveLength(71);
  });
});

describe('profiles/tariffs/dso-connection-nl.csv', () => {
  it('has the PAV of the SOURCE.md worked example: Liander 2023, 160-1000 kVA, 643.56 EUR/yr', () => {
    const rows = table('dso-connection-nl.csv');
    expect(rows).toHaveLength(60);
    const hit = rows.filter((r) => r.dso === 'Liander' && r.year === '2023' && r.kva_min === '160' && r.kva_max === '1000');
    expect(hit.map((r) => r.pav_eur_per_year)).toEqual(['643.56']);
  });
});

describe('aloneFigures: each company on its own connection, grown', () => {
  // docs/economics.md (transport tariffs): alone, each member contracts max(ownConnectionKw, its own peak).
  // Its own connection stays as built when it grows (an audit found it grown with the demand, which
  // overstated the members' tariff saving of mra-20 by EUR 25.1M over the horizon). By hand, Liander 2023
  // (SOURCE.md's worked example's rates: vastrecht 441, contract 21.84 EUR/kW/yr, kWmax 2.59 EUR/kW/month):
  const base = { members: [{ kind: 'business', ownConnectionKw: 1000, errorKwh: 0, imbalanceEur: 0, monthMaxKw: new Float64Array(12).fill(700) }], generation: { errorKwh: 0, imbalanceEur: 0 } };
  const inputs = { dso: 'Liander' as Dso, year: 2023 };

  it('a member grown below its connection contracts the connection as built', () => {
    // grown by 1.2: monthly peaks 840 kW; contract 1000 kW: 441 + 1000 x 21.84 + 12 x 840 x 2.59 = 48,387.8
    const alone = aloneFigures(base, () => 1.2, inputs);
    expect(alone.contractEur).toBeCloseTo(21_840, 6);
    expect(alone.tariffEur).toBeCloseTo(441 + 21_840 + 12 * 840 * 2.59, 6);
  });

  it('a member grown above its connection contracts its grown peak', () => {
    // grown by 1.5: monthly peaks 1,050 kW, above the 1,000 kW connection: 441 + 1050 x 21.84 + 12 x 1050 x 2.59 = 55,959
    const alone = aloneFigures(base, () => 1.5, inputs);
    expect(alone.contractEur).toBeCloseTo(1050 * 21.84, 6);
    expect(alone.tariffEur).toBeCloseTo(441 + 1050 * 21.84 + 12 * 1050 * 2.59, 6);
  });
});
