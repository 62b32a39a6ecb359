// The run layer (src/run/): results cross the queue unchanged, each batch counts once and in batch
// order whatever order outcomes arrive in, and a job names only hubsim's own modules.
import { describe, expect, it } from 'vitest';
import { decodeResult, encodeResult } from '../src/run/encode.js';
import { openStudyModule } from '../src/run/modules.js';
import { runStudy, type Runner } from '../src/run/runner.js';
import { batchJobId, startOrder, type Study } from '../src/run/study.js';

/** A study of four batches whose result is the batch number squared (no threads involved). */
function squares(): Study<number, number> {
  return {
    path: '/nowhere/squares.yaml',
    hash: 'h',
    module: 'dist/none.js',
    batches: [0, 1, 2, 3],
    batchKey: (b) => String(b),
    describe: (b) => `batch ${b}`,
    shared: () => null,
  };
}

describe('run layer', () => {
  it('encodes a rollout row for the queue exactly: NaN, null, -0, Infinity and typed arrays survive, which JSON would change', () => {
    const row = { a: Number.NaN, b: null, c: -0, d: Number.POSITIVE_INFINITY, e: Number.NEGATIVE_INFINITY, f: 0.1 + 0.2, g: Float64Array.of(-0, Number.NaN, 1e-310), h: [undefined, 'x'] };
    const back = decodeResult(JSON.parse(JSON.stringify(encodeResult(row)))) as typeof row;
    expect(Object.is(back.a, Number.NaN)).toBe(true);
    expect(back.b).toBeNull();
    expect(Object.is(back.c, -0)).toBe(true);
    expect(back.d).toBe(Number.POSITIVE_INFINITY);
    expect(back.e).toBe(Number.NEGATIVE_INFINITY);
    expect(back.f).toBe(0.1 + 0.2);
    expect(back.g).toBeInstanceOf(Float64Array);
    expect(Object.is(back.g[0], -0) && Number.isNaN(back.g[1]) && back.g[2] === 1e-310).toBe(true);
    expect(back.h).toEqual([undefined, 'x']);
    // As a queue event may carry it: the job's return value still as JSON text.
    expect(Object.is((decodeResult(JSON.stringify(encodeResult({ c: -0 }))) as { c: number }).c, -0)).toBe(true);
    // What JSON alone would have made of it.
    expect(JSON.parse(JSON.stringify(row)).a).toBeNull();
  });

  it('hands results on in batch order, each batch once, whatever the arrival order and repeats', async () => {
    const runner: Runner = {
      async run(study, delivery) {
        for (const i of [3, 1, 3, 0, 2, 1]) delivery.result(i, (study.batches[i] as number) ** 2);
      },
    };
    const taken: [number, number][] = [];
    const seen: number[] = [];
    const outcome = await runStudy(squares(), runner, (i, r) => taken.push([i, r]), (done) => seen.push(done));
    // Batch 3 and 1 wait for batch 0; 0 and 1 go on when 0 arrives, 2 and 3 when 2 does.
    expect(taken).toEqual([[0, 0], [1, 1], [2, 4], [3, 9]]);
    expect(outcome.duplicates).toBe(2);
    expect(outcome.failed).toEqual([]);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('hands back a failed batch as a failure in its place; a batch without an outcome is an error', async () => {
    const failing: Runner = {
      async run(_, delivery) {
        delivery.result(0, 0);
        delivery.failure(2, 'boom');
        delivery.result(1, 1);
        delivery.result(3, 9);
        delivery.result(2, 4); // a retry after the failure was counted: not counted again
      },
    };
    const taken: number[] = [];
    const outcome = await runStudy(squares(), failing, (i) => taken.push(i));
    expect(taken).toEqual([0, 1, 3]);
    expect(outcome.failed).toEqual([{ index: 2, message: 'boom' }]);
    expect(outcome.duplicates).toBe(1);
    const short: Runner = {
      async run(_, delivery) {
        delivery.result(0, 0);
      },
    };
    await expect(runStudy(squares(), short, () => {})).rejects.toThrow('no result for batch 1');
  });

  it('starts the heaviest batches first, equals in batch order, and every batch once', () => {
    // Weights by hand: 3 and 5 weigh 4, 0 and 2 weigh 3, 1 and 4 weigh 1.
    const weights = [3, 1, 3, 4, 1, 4];
    const study: Study<number, number> = { ...squares(), batches: [0, 1, 2, 3, 4, 5], weight: (b) => weights[b] };
    expect(startOrder(study)).toEqual([3, 5, 0, 2, 1, 4]);
    // Without weights: batch order.
    expect(startOrder(squares())).toEqual([0, 1, 2, 3]);
  });

  it("job ids depend on the study's inputs, the hubsim build and the batch only", () => {
    expect(batchJobId('h', 'b', '1')).toBe(batchJobId('h', 'b', '1'));
    expect(batchJobId('h', 'b', '1')).not.toBe(batchJobId('h', 'b', '2'));
    expect(batchJobId('h2', 'b', '1')).not.toBe(batchJobId('h', 'b', '1'));
    expect(batchJobId('h', 'b2', '1')).not.toBe(batchJobId('h', 'b', '1'));
    expect(batchJobId('h', 'b', '1')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('opens only study modules inside hubsim', async () => {
    await expect(openStudyModule('../../etc/passwd.js')).rejects.toThrow('is not inside hubsim');
    await expect(openStudyModule('/tmp/x.js')).rejects.toThrow('is not inside hubsim');
    await expect(openStudyModule('src/version.ts')).rejects.toThrow('is not a study module');
  });
});
