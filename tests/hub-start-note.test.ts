import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubStartNotes } from '../src/report/hub-start-note.js';
import { rolloutSummary } from '../src/report/rollout-table.js';
import { runRollout } from '../src/rollout/run.js';

describe('hubStartNotes: hubs whose start year is outside the horizon (docs/economics.md section 6)', () => {
  it('names the terrains before and after the horizon, each once, and says how each is costed (cases by hand)', () => {
    const rows = [
      { terrain: 'a', hubStartYear: 2020 },
      { terrain: 'a', hubStartYear: 2020 }, // the same terrain under a second strategy
      { terrain: 'b', hubStartYear: 2025 },
      { terrain: 'c', hubStartYear: 2036 },
      { terrain: 'd', hubStartYear: 2035 },
    ];
    expect(hubStartNotes(rows, 2025, 2035)).toEqual([
      'hub start before the horizon: a (2020): costed as bought at the start of 2025, its capex then and its lifetime counted from then, not as already paid (docs/economics.md section 6)',
      'hub start after the horizon: c (2036): no hub within 2025-2035, so no costs and no savings',
    ]);
    expect(hubStartNotes(rows.slice(1, 2), 2020, 2035)).toEqual([]);
    // Beyond five terrains, the rest are counted.
    const many = Array.from({ length: 7 }, (_, i) => ({ terrain: `t${i}`, hubStartYear: 2040 }));
    expect(hubStartNotes(many, 2025, 2035)[0]).toContain('t0 (2040), t1 (2040), t2 (2040), t3 (2040), t4 (2040) and 2 more:');
  });

  it('the rollout summary prints them; the hub started before is costed in the horizon\'s first year, the one after costs nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubsim-hub-start-'));
    try {
      const file = path.join(dir, 'scenario.yaml');
      // compare-a: park-a starts 2025, park-b 2026, horizon 2025-2026.
      fs.writeFileSync(file, fs.readFileSync('tests/fixtures/compare-a.yaml', 'utf8').replace('hubStartYear: 2025', 'hubStartYear: 2019').replace('hubStartYear: 2026', 'hubStartYear: 2031'));
      const r = await runRollout(file, { workers: 1 });
      const text = rolloutSummary(r).replace(/\n +/g, ' ');
      expect(text).toContain('hub start before the horizon: park-a (2019): costed as bought at the start of 2025');
      expect(text).toContain('hub start after the horizon: park-b (2031): no hub within 2025-2026');
      const e = (terrain: string) => r.terrainEconomics.find((x) => x.terrain === terrain && x.strategy === 'peak-shaving')!;
      expect(e('park-a').capexEur).toBeGreaterThan(0);
      expect(e('park-b').capexEur).toBe(0);
      expect(e('park-b').npvSocietyEur).toBe(0);
      expect(e('park-b').paybackYear).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
