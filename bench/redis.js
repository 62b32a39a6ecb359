// A Redis server and `hubsim worker` processes for the queue parts of the benchmarks (bench/sweep.js,
// bench/national.js): HUBSIM_TEST_REDIS=redis://HOST:PORT, or a local redis-server binary started on a
// free loopback port and stopped at the end; without either, withRedis returns null (the part is skipped).
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/hubsim.js', import.meta.url));

const freePort = () => new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });

export async function withRedis(fn) {
  let url = process.env.HUBSIM_TEST_REDIS;
  let port;
  if (url === undefined) {
    try {
      port = await freePort();
      execFileSync('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes']);
      url = `redis://127.0.0.1:${port}`;
      for (let i = 0; i < 50; i++) { try { execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' }); break; } catch { await new Promise((r) => setTimeout(r, 100)); } }
    } catch {
      return null;
    }
  }
  try {
    return await fn(url);
  } finally {
    if (port !== undefined) try { execFileSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' }); } catch { /* already gone */ }
  }
}

/** Start n `hubsim worker` processes of one thread each on the queue; resolves when all listen. */
export async function startWorkers(url, queueName, n) {
  const children = [];
  await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--queue-name', queueName, '--workers', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr.on('data', (c) => { err += c; if (err.includes('thread(s) on queue')) resolve(); });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
  })));
  return children;
}
