import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HubsimError } from '../src/errors.js';
import { RolloutContext } from '../src/rollout/context.js';
import { loadRollout } from '../src/rollout/load.js';
import { TerrainCheck } from '../src/rollout/terrain-check.js';

/** A one-terrain rollout whose terrain has these members, PV, caps and battery (inline YAML flow maps). */
function rollout(hub: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hubsim-terrain-check-'));
  const path = join(dir, 'scenario.yaml');
  writeFileSync(
    path,
    `name: Check
horizon: { startYear: 2026, endYear: 2026 }
weatherYears: [2023, 2019]
strategies: [{ kind: peak-shaving }]
growth: { baseYear: 2026 }
substations: [{ id: north, capacityKw: 5000, backgroundLoad: 500 }]
terrains:
  - id: park
    substation: north
    hubStartYear: 2026
    hub: { name: Park, ${hub} }
`,
  );
  return path;
}

/** What resolving the terrain throws (code and message), or null. */
function resolveError(fn: () => unknown): { code: string; message: string } | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (!(err instanceof HubsimError)) throw err;
    return { code: err.code, message: err.message };
  }
}

describe('the main thread\'s terrain check', () => {
  const cases: [string, string][] = [
    ['within the limits (shapes, PV, constant caps, a battery)', 'members: [{ id: a, profile: { shape: nedu-e3a, annualKwh: 1000000 } }, { id: b, profile: 300 }], pv: { kwp: 500 }, connection: { importCapKw: 400, exportCapKw: 100 }, battery: { energyKwh: 200, powerKw: 100 }'],
    ['a shape scaled beyond 10 GW', 'members: [{ id: a, profile: { shape: nedu-e3a, peakKw: 20000000 } }]'],
    ['a shape scaled to exactly 10 GW', 'members: [{ id: a, profile: { shape: nedu-e3a, peakKw: 10000000 } }]'],
    ['a constant beyond 10 GW', 'members: [{ id: a, profile: -20000000 }]'],
    ['PV beyond 10 GW', 'members: [{ id: a, profile: 100 }], pv: { kwp: 90000000 }'],
    ['a cap beyond 10 GW', 'members: [{ id: a, profile: 100 }], connection: { importCapKw: 20000000 }'],
    ['a battery beyond the limits', 'members: [{ id: a, profile: 100 }], battery: { energyKwh: 1e12, powerKw: 100 }'],
    ['a shape that is not shipped', 'members: [{ id: a, profile: { shape: no-such-shape, annualKwh: 1000 } }]'],
  ];
  for (const [what, hub] of cases) {
    it(`gives what resolving the terrain gives, in every weather year: ${what}`, () => {
      const loaded = loadRollout(rollout(hub));
      const ctx = new RolloutContext(loaded);
      const check = new TerrainCheck(ctx);
      for (const w of loaded.rollout.weatherYears) {
        expect(resolveError(() => check.filledSteps(0, w))).toEqual(resolveError(() => ctx.resolveTerrain(0, w)));
      }
    });
  }

  it('refuses a shape scaled beyond 10 GW with resolveHub\'s code', () => {
    const loaded = loadRollout(rollout('members: [{ id: a, profile: { shape: nedu-e3a, peakKw: 20000000 } }]'));
    expect(resolveError(() => new TerrainCheck(new RolloutContext(loaded)).filledSteps(0, 2023))?.code).toBe('hub.absurdValue');
  });
});
