// Distributed sweeps on a real Redis server: two `hubsim worker` child processes take the batches off
// a BullMQ queue; the results must equal a local run byte for byte, also when a worker dies mid-sweep.
// Needs HUBSIM_TEST_REDIS=redis://HOST:PORT (.ci/run starts a redis-server and sets it). Without it the
// tests are skipped with a message, except with CI=true, where they fail instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQueueUrl, redisOptions } from '../src/run/queue-connection.js';
import { queueRunner } from '../src/run/queue-runner.js';
import { rolloutFiles } from '../src/report/rollout-output.js';
import type { FileContent } from '../src/report/write.js';
import { runRollout } from '../src/rollout/run.js';
import { loadHashedRollout, THREAD_MODULE as ROLLOUT_MODULE } from '../src/rollout/study.js';
import { buildIdentity } from '../src/run/build.js';
import { batchJobId } from '../src/run/study.js';
import { loadSweep } from '../src/sweep/load.js';
import { sweepFiles } from '../src/report/sweep-output.js';
import { runSweep } from '../src/sweep/run.js';
import { preparedSweep, sweepStudy, THREAD_MODULE as SWEEP_MODULE } from '../src/sweep/study.js';
import { runCli } from './support/cli.js';

const REDIS = process.env.HUBSIM_TEST_REDIS;
const IN_CI = process.env.CI === 'true';
const BIN = fileURLToPath(new URL('../bin/hubsim.js', import.meta.url));
const HUB = fileURLToPath(new URL('../scenarios/examples/business-park.yaml', import.meta.url));
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

if (REDIS === undefined && !IN_CI) {
  console.warn('tests/queue.test.ts: distributed sweep tests SKIPPED: no Redis server. Start one (redis-server --port 6390) and set HUBSIM_TEST_REDIS=redis://127.0.0.1:6390 to run them.');
}

function sweepFile(draws: number, seed: number, batchHubYears: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hubsim-queue-')), 'sweep.yaml');
  writeFileSync(
    path,
    `name: queue test\nhub: ${HUB}\ndraws: { count: ${draws}, seed: ${seed} }\nbatchHubYears: ${batchHubYears}\n` +
      'grid:\n  battery: { energyKwh: [0, 1000, 2000], powerKw: [800] }\n  strategies: [{ kind: peak-shaving }, { kind: baseline }]\n',
  );
  return path;
}

/**
 * `hubsim worker` child processes on one queue (1 thread each, 2 s job locks), two of them started
 * before the describe block's tests and every one stopped after them, and the queue removed.
 */
function workerProcesses(queueName: string, env: Record<string, string> = {}): { workers: ChildProcess[]; stderrOf: Map<ChildProcess, string>; startWorker: () => Promise<ChildProcess> } {
  const workers: ChildProcess[] = [];
  const stderrOf = new Map<ChildProcess, string>();

  function startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [BIN, 'worker', '--queue', REDIS!, '--queue-name', queueName, '--workers', '1', '--lock-ms', '2000'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    workers.push(child);
    stderrOf.set(child, '');
    return new Promise((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderrOf.set(child, stderrOf.get(child) + chunk.toString());
        if (stderrOf.get(child)!.includes('thread(s) on queue')) resolve(child);
      });
      child.once('exit', (code) => reject(new Error(`hubsim worker exited with ${code}: ${stderrOf.get(child)}`)));
    });
  }

  beforeAll(async () => {
    if (REDIS === undefined) throw new Error('CI=true but HUBSIM_TEST_REDIS is not set: .ci/run must start redis-server and pass its URL');
    await Promise.all([startWorker(), startWorker()]);
  }, 30_000);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
    if (REDIS !== undefined) {
      const queue = new Queue(queueName, { connection: redisOptions(parseQueueUrl(REDIS)) } as never);
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
    }
  });

  return { workers, stderrOf, startWorker };
}

/**
 * A progress callback that kills a worker process (SIGKILL) with the jobs it holds after the first
 * result: after their 2 s locks expire the other worker's stalled-job check puts them back on the queue.
 */
function killAfterFirstResult(worker: ChildProcess): (done: number) => void {
  return (done) => {
    if (done === 1 && worker.signalCode === null && !worker.killed) worker.kill('SIGKILL');
  };
}

describe.skipIf(REDIS === undefined && !IN_CI)('hubsim sweep --queue with hubsim worker processes', () => {
  const queueName = `hubsim-test-${randomBytes(6).toString('hex')}`;
  // The forecaster cache the workers and the local runs share, as machines that see the same files.
  const cacheDir = mkdtempSync(join(tmpdir(), 'hubsim-queue-cache-'));
  const { workers, stderrOf, startWorker } = workerProcesses(queueName, { HUBSIM_CACHE_DIR: cacheDir });

  it('gives the same bytes as the local pool', async () => {
    const file = sweepFile(12, 5, 12);
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-queue-out-'));
    const local = await runCli('sweep', file, '--workers', '2', '--out', join(dir, 'local'));
    const queued = await runCli('sweep', file, '--queue', REDIS!, '--queue-name', queueName, '--out', join(dir, 'queue'));
    expect(local.code, local.stderr).toBe(0);
    expect(queued.code, queued.stderr).toBe(0);
    for (const f of ['sweep.csv', 'results.json']) expect(readFileSync(join(dir, 'queue', f), 'utf8')).toBe(readFileSync(join(dir, 'local', f), 'utf8'));
  }, 60_000);

  it('delivers every batch result exactly once when a worker process is killed mid-sweep', async () => {
    // 40 draws x 6 configurations in batches of 12 hub-years (2 draws): 20 jobs.
    const file = sweepFile(40, 17, 12);
    const local = await runSweep(file, { workers: 2 });
    const queued = await runSweep(file, {
      workers: 1,
      runner: queueRunner(parseQueueUrl(REDIS!), queueName),
      onProgress: killAfterFirstResult(workers[0]),
    });
    expect(workers[0].killed).toBe(true);
    expect(queued.batches).toBe(20);
    expect(queued.duplicates).toBe(0);
    const queue = new Queue(queueName, { connection: redisOptions(parseQueueUrl(REDIS!)) } as never);
    const counts = await queue.getJobCounts('completed', 'failed', 'active', 'wait');
    await queue.close();
    // 20 jobs of this sweep plus the 6 of the first test (12 draws x 6 configurations in batches of
    // 12 hub-years), each completed once and none failed.
    expect(counts).toEqual({ completed: 26, failed: 0, active: 0, wait: 0 });
    for (const [name, text] of sweepFiles(local)) expect(sweepFiles(queued).get(name), name).toBe(text);
  }, 90_000);

  it('a worker stopped with SIGTERM finishes the jobs it holds and exits 0; every result arrives once', async () => {
    const stopping = await startWorker();
    stopping.removeAllListeners('exit');
    const exited = new Promise<number | null>((resolve) => stopping.once('exit', (code) => resolve(code)));
    const file = sweepFile(40, 23, 12);
    const local = await runSweep(file, { workers: 2 });
    let signalled = false;
    const queued = await runSweep(file, {
      workers: 1,
      runner: queueRunner(parseQueueUrl(REDIS!), queueName),
      onProgress: (done) => {
        if (done === 2 && !signalled) {
          signalled = true;
          stopping.kill('SIGTERM');
        }
      },
    });
    expect(await exited, stderrOf.get(stopping)).toBe(0);
    expect(stderrOf.get(stopping)).toMatch(/finishing the jobs it holds[\s\S]*stopped after \d+ job\(s\)/);
    expect(queued.batches).toBe(20);
    expect(queued.duplicates).toBe(0);
    const queue = new Queue(queueName, { connection: redisOptions(parseQueueUrl(REDIS!)) } as never);
    const counts = await queue.getJobCounts('failed', 'active', 'wait');
    await queue.close();
    expect(counts).toEqual({ failed: 0, active: 0, wait: 0 });
    for (const [name, text] of sweepFiles(local)) expect(sweepFiles(queued).get(name), name).toBe(text);
  }, 90_000);

  it('runs mpc on the trained forecaster with the same bytes as the local pool', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hubsim-queue-')), 'sweep.yaml');
    writeFileSync(
      path,
      `name: queue mpc\nhub: ${HUB}\ndraws: { count: 4, seed: 29, sourceYears: [2023] }\nbatchHubYears: 2\n` +
        'grid:\n  battery: { energyKwh: [2000], powerKw: [1000] }\n  strategies: [{ kind: mpc, forecast: model }, { kind: mpc, name: naive, forecast: last-week }]\n',
    );
    const before = process.env.HUBSIM_CACHE_DIR;
    process.env.HUBSIM_CACHE_DIR = cacheDir;
    try {
      const local = await runSweep(path, { workers: 2 });
      const queued = await runSweep(path, { workers: 1, runner: queueRunner(parseQueueUrl(REDIS!), queueName) });
      expect(queued.batches).toBe(4);
      for (const [name, text] of sweepFiles(local)) expect(sweepFiles(queued).get(name), name).toBe(text);
    } finally {
      if (before === undefined) delete process.env.HUBSIM_CACHE_DIR;
      else process.env.HUBSIM_CACHE_DIR = before;
    }
  }, 90_000);
});

// Rollouts on the same queue and the same `hubsim worker` processes: one job per substation, results
// V8-serialised on the way (run/encode.ts), so rows with NaN, null, -0 and Infinity arrive unchanged.
describe.skipIf(REDIS === undefined && !IN_CI)('hubsim rollout --queue with hubsim worker processes', () => {
  const queueName = `hubsim-test-rollout-${randomBytes(6).toString('hex')}`;
  const { workers } = workerProcesses(queueName);
  const SMALL_ROLLOUT = 'tests/fixtures/rollout-small.yaml';
  const MRA = 'scenarios/mra-20.yaml';

  async function jobCounts(): Promise<Record<string, number>> {
    const queue = new Queue(queueName, { connection: redisOptions(parseQueueUrl(REDIS!)) } as never);
    const counts = await queue.getJobCounts('completed', 'failed', 'active', 'wait');
    await queue.close();
    return counts;
  }

  it('says once that no hubsim worker is connected when its batches wait on a queue nobody serves', async () => {
    const lonely = `hubsim-test-lonely-${randomBytes(6).toString('hex')}`;
    const child = spawn(process.execPath, [BIN, 'rollout', SMALL_ROLLOUT, '--queue', REDIS!, '--queue-name', lonely], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      await waitFor(async () => stderr.includes('no hubsim worker is connected'), 20_000);
      expect(stderr).toContain(`2 batch(es) wait on queue "${lonely}"`);
      expect(stderr).toContain(`start one with hubsim worker --queue ${REDIS!.replace(/\/$/, '')} --queue-name ${lonely}`);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
      const queue = new Queue(lonely, { connection: redisOptions(parseQueueUrl(REDIS!)) } as never);
      await queue.obliterate({ force: true });
      await queue.close();
    }
    // With the workers of this block connected, the same command says nothing of the kind.
    const served = await runCli('rollout', SMALL_ROLLOUT, '--queue', REDIS!, '--queue-name', queueName);
    expect(served.code, served.stderr).toBe(0);
    expect(served.stderr).not.toContain('no hubsim worker');
  }, 120_000);

  it('hubsim rollout --queue with two hubsim worker processes writes the same bytes as the local run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-queue-rollout-'));
    const local = await runCli('rollout', SMALL_ROLLOUT, '--workers', '2', '--out', join(dir, 'local'));
    const queued = await runCli('rollout', SMALL_ROLLOUT, '--queue', REDIS!, '--queue-name', queueName, '--out', join(dir, 'queue'));
    expect(local.code, local.stderr).toBe(0);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout.replace(join(dir, 'queue'), 'OUT')).toBe(local.stdout.replace(join(dir, 'local'), 'OUT'));
    const json = readFileSync(join(dir, 'local', 'results.json'), 'utf8');
    // The rows do hold values JSON would change on the way (null for NaN, figures a terrain lacks).
    expect(json).toContain('null');
    expect(readFileSync(join(dir, 'queue', 'results.json'), 'utf8')).toBe(json);
    for (const f of readdirSync(join(dir, 'local'))) expect(readFileSync(join(dir, 'queue', f), 'utf8'), f).toBe(readFileSync(join(dir, 'local', f), 'utf8'));
    // One job per substation, each completed once.
    expect(await jobCounts()).toEqual({ completed: 2, failed: 0, active: 0, wait: 0 });
  }, 120_000);

  it('the same hubsim worker processes serve a sweep too, with the local run\'s bytes', async () => {
    // 6 draws x 6 configurations in batches of 12 hub-years (2 draws): 3 jobs.
    const file = sweepFile(6, 31, 12);
    const local = await runSweep(file, { workers: 1 });
    const queued = await runSweep(file, { workers: 1, runner: queueRunner(parseQueueUrl(REDIS!), queueName) });
    expect(queued.batches).toBe(3);
    for (const [name, text] of sweepFiles(local)) expect(sweepFiles(queued).get(name), name).toBe(text);
    expect(await jobCounts()).toEqual({ completed: 5, failed: 0, active: 0, wait: 0 });
  }, 120_000);

  it('counts every substation exactly once when a worker process is killed mid-rollout (SIGKILL), with the same bytes', async () => {
    const local = await runRollout(MRA, { workers: 2 });
    const queued = await runRollout(MRA, {
      workers: 1,
      runner: queueRunner(parseQueueUrl(REDIS!), queueName),
      onProgress: killAfterFirstResult(workers[0]),
    });
    expect(workers[0].killed).toBe(true);
    expect(queued.failures).toEqual([]);
    // 6 substations of MRA 20, and the 2 substations and 3 sweep batches of the tests before, each completed once and none failed.
    expect(await jobCounts()).toEqual({ completed: 11, failed: 0, active: 0, wait: 0 });
    const want = rolloutFiles(local);
    const got = rolloutFiles(queued);
    expect([...got.keys()]).toEqual([...want.keys()]);
    // A file's content is its text, or a function that makes it in pieces (report/write.ts).
    const text = (content: FileContent | undefined): string | undefined => (typeof content === 'function' ? [...content()].join('') : content);
    for (const [name, content] of want) expect(text(got.get(name)), name).toBe(text(content));
  }, 180_000);
});

// What a worker refuses, and what a submitter reuses: jobs put on the queue by hand next to the
// submitter's, on `hubsim worker` processes of their own.
describe.skipIf(REDIS === undefined && !IN_CI)('hubsim worker refusals and the reuse of queued results', () => {
  const queueName = `hubsim-test-reuse-${randomBytes(6).toString('hex')}`;
  workerProcesses(queueName);

  /** The queue, for the test's own jobs; closed by the caller. */
  const openQueue = (): Queue => new Queue(queueName, { connection: redisOptions(parseQueueUrl(REDIS!)) } as never);

  /** How a job ended (completed, or failed after its last attempt), and why it failed. */
  async function ending(queue: Queue, id: string): Promise<{ state: string; reason: string }> {
    let state = '';
    await waitFor(async () => ['completed', 'failed'].includes((state = await queue.getJobState(id))), 60_000);
    return { state, reason: (await queue.getJob(id))!.failedReason ?? '' };
  }

  it('a job naming a module that is not one of hubsim\'s study modules fails in one line, and the module is never imported', async () => {
    // A module inside the package (under node_modules/, as a dependency's file would be) that
    // exports what a study module does and leaves a marker when it is imported.
    const dir = mkdtempSync(join(PACKAGE, 'node_modules', '.hubsim-queue-test-'));
    const marker = join(dir, 'imported');
    const module = join(dir, 'study.mjs');
    writeFileSync(
      module,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'imported');\n` +
        'export async function prepareStudy() { return null; }\nexport async function openStudy() { return { run: () => 0 }; }\n',
    );
    const queue = openQueue();
    try {
      const job = await queue.add('study-batch', { module: relative(PACKAGE, module), path: HUB, hash: 'none', batch: {} }, { attempts: 1 });
      const { state, reason } = await ending(queue, job.id!);
      expect(existsSync(marker)).toBe(false);
      expect(state).toBe('failed');
      expect(reason).toContain('is not one of hubsim\'s study modules');
      expect(reason.split('\n')).toHaveLength(1);
    } finally {
      await queue.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('a batch whose job failed on an earlier submission runs again when the study is submitted again, with the local run\'s bytes', async () => {
    // 2 draws x 6 configurations: one batch of 12 hub-years.
    const file = sweepFile(2, 41, 200);
    const loaded = loadSweep(file);
    const study = sweepStudy(loaded, await preparedSweep(loaded));
    expect(study.batches).toHaveLength(1);
    const id = batchJobId(study.hash, buildIdentity(), study.batchKey(study.batches[0]));
    const queue = openQueue();
    try {
      // The batch's job as an earlier submission left it, failed on every attempt (a broken worker;
      // here a module the workers refuse), and kept for a day.
      await queue.add('study-batch', { module: 'node_modules/not-hubsim.mjs', path: file, hash: study.hash, batch: study.batches[0] }, { jobId: id, attempts: 3 });
      expect((await ending(queue, id)).state).toBe('failed');
      const local = await runSweep(file, { workers: 1 });
      const queued = await runSweep(file, { workers: 1, runner: queueRunner(parseQueueUrl(REDIS!), queueName) });
      for (const [name, text] of sweepFiles(local)) expect(sweepFiles(queued).get(name), name).toBe(text);
      expect(await queue.getJobState(id)).toBe('completed');
    } finally {
      await queue.close();
    }
  }, 90_000);
  it('a rollout whose hub reads a CSV that changed runs again on the new CSV (the local run\'s bytes), and a job hashed on the old CSV fails', async () => {
    // A depot on its own meter data (depot.csv beside the scenario: hourly kW over 2023).
    const dir = mkdtempSync(join(tmpdir(), 'hubsim-queue-csv-'));
    const scenario = join(dir, 'rollout.yaml');
    writeFileSync(
      scenario,
      'name: depot\nhorizon: { startYear: 2026, endYear: 2026 }\nweatherYears: [2023]\nstrategies: [{ kind: baseline }]\ngrowth: { baseYear: 2026 }\n' +
        'substations:\n  - { id: s, capacityKw: 50000 }\nterrains:\n  - id: depot\n    substation: s\n    hubStartYear: 2026\n' +
        '    hub:\n      name: Depot\n      members: [{ id: depot, profile: { file: depot.csv, unit: kW } }]\n',
    );
    const depot = (scale: number): void => {
      const start = Date.UTC(2023, 0, 1);
      const rows = Array.from({ length: 8760 }, (_, h) => `${new Date(start + h * 3_600_000).toISOString()},${scale * (50 + (h % 24))}`);
      writeFileSync(join(dir, 'depot.csv'), `time_utc,kw\n${rows.join('\n')}\n`);
    };
    const runner = queueRunner(parseQueueUrl(REDIS!), queueName);
    const text = (content: FileContent | undefined): string | undefined => (typeof content === 'function' ? [...content()].join('') : content);
    // A sweep of the same depot as a hub file hashes the CSV too.
    writeFileSync(join(dir, 'depot.yaml'), 'name: Depot\nmembers: [{ id: depot, profile: { file: depot.csv, unit: kW } }]\nconnection: { importCapKw: 5000 }\n');
    writeFileSync(join(dir, 'sweep.yaml'), 'name: depot\nhub: depot.yaml\ngrid:\n  strategies: [{ kind: baseline }]\n');
    depot(1);
    const before = await loadHashedRollout(scenario);
    const sweepBefore = loadSweep(join(dir, 'sweep.yaml')).hash;
    const first = await runRollout(scenario, { workers: 1, runner });
    // The same meter data, ten times the load: the stored results of the first run are not these.
    depot(10);
    expect(loadSweep(join(dir, 'sweep.yaml')).hash).not.toBe(sweepBefore);
    const local = await runRollout(scenario, { workers: 1 });
    const queued = await runRollout(scenario, { workers: 1, runner });
    expect(queued.failures).toEqual([]);
    const want = rolloutFiles(local);
    expect(text(rolloutFiles(first).get('terrain-years.csv'))).not.toBe(text(want.get('terrain-years.csv')));
    for (const [name, content] of want) expect(text(rolloutFiles(queued).get(name)), name).toBe(text(content));
    // A worker that reads other data than the submitter hashed (here: the CSV changed after the hash was
    // taken) fails the job. A copy of the scenario in a folder of its own, so that no worker has the
    // study prepared already: a worker that prepared a study keeps it for its later jobs (README).
    expect(before.hash).not.toBe((await loadHashedRollout(scenario)).hash);
    const copy = mkdtempSync(join(tmpdir(), 'hubsim-queue-csv-'));
    writeFileSync(join(copy, 'rollout.yaml'), readFileSync(scenario));
    writeFileSync(join(copy, 'depot.csv'), readFileSync(join(dir, 'depot.csv')));
    const hashed = (await loadHashedRollout(join(copy, 'rollout.yaml'))).hash;
    writeFileSync(join(copy, 'depot.csv'), readFileSync(join(dir, 'depot.csv'), 'utf8').replace(/,(\d+)\n/g, (_, kw: string) => `,${Number(kw) + 1}\n`));
    const queue = openQueue();
    try {
      const job = await queue.add('study-batch', { module: ROLLOUT_MODULE, path: join(copy, 'rollout.yaml'), hash: hashed, batch: { index: 0, substation: 's' }, build: buildIdentity() }, { attempts: 1 });
      const { state, reason } = await ending(queue, job.id!);
      expect(state).toBe('failed');
      expect(reason).toContain('differs from the submitter\'s');
    } finally {
      await queue.close();
    }
  }, 120_000);
  it('a job made by another hubsim build (code or shipped profiles) fails in one line', async () => {
    const file = sweepFile(2, 43, 200);
    const loaded = loadSweep(file);
    const study = sweepStudy(loaded, await preparedSweep(loaded));
    const queue = openQueue();
    try {
      // The study's batch as a submitter with other code would queue it.
      const job = await queue.add('study-batch', { module: SWEEP_MODULE, path: file, hash: study.hash, batch: study.batches[0], build: 'another build' }, { attempts: 1 });
      const { state, reason } = await ending(queue, job.id!);
      expect(state).toBe('failed');
      expect(reason).toContain("this worker's hubsim build (code or shipped profiles) differs from the submitter's");
      expect(reason.split('\n')).toHaveLength(1);
    } finally {
      await queue.close();
    }
  }, 90_000);
});

// A worker whose Redis has gone stops on the first SIGTERM: nothing it holds could be handed in, so
// it does not wait for the server. Runs against a redis-server of its own, which it shuts down.
const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
describe.skipIf(REDIS_SERVER === undefined && !IN_CI)('hubsim worker when its Redis has gone', () => {
  it('stops on one SIGTERM with exit 0 within a few seconds', async () => {
    if (REDIS_SERVER === undefined) throw new Error('CI=true but no redis-server binary: .ci/run installs it');
    const port = await freePort();
    const redis = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    try {
      await waitFor(async () => (await canConnect(port)) === true, 5_000);
      const worker = spawn(process.execPath, [BIN, 'worker', '--queue', `redis://127.0.0.1:${port}`, '--workers', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      worker.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
      await waitFor(async () => stderr.includes('thread(s) on queue'), 20_000);
      redis.kill('SIGKILL');
      await waitFor(async () => (await canConnect(port)) === false, 5_000);
      const signalledAt = Date.now();
      worker.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000));
      const code = await Promise.race([exited, timeout]);
      if (code === 'timeout') worker.kill('SIGKILL');
      expect(code, stderr).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(15_000);
      expect(stderr).toMatch(/Redis is unreachable[\s\S]*stopped after 0 job\(s\)/);
    } finally {
      redis.kill('SIGKILL');
    }
  }, 60_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
