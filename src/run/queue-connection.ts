import { connect } from 'node:net';
import { fail, quote } from '../errors.js';

/** Where the Redis server of a job queue is. */
export interface QueueConnection {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly password?: string;
  readonly username?: string;
}

/** The default BullMQ queue name; rollouts, sweeps and workers on one Redis meet on it unless --queue-name says otherwise. */
export const DEFAULT_QUEUE_NAME = 'hubsim';

/** Parse --queue redis://[user:password@]HOST:PORT[/DB]. */
export function parseQueueUrl(text: string): QueueConnection {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail('cli.badQueue', { field: '--queue' }, `${quote(text)} is not a URL; give redis://HOST:PORT`);
  }
  if (url.protocol !== 'redis:') fail('cli.badQueue', { field: '--queue' }, `${quote(text)} is not a redis:// URL; give redis://HOST:PORT`);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) fail('cli.badQueue', { field: '--queue' }, `${quote(url.pathname.slice(1))} is not a Redis database number`);
  return {
    host: url.hostname === '' ? '127.0.0.1' : url.hostname,
    port: url.port === '' ? 6379 : Number(url.port),
    db,
    ...(url.password !== '' ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.username !== '' ? { username: decodeURIComponent(url.username) } : {}),
  };
}

/** ioredis options for BullMQ (workers need maxRetriesPerRequest: null to block on the queue). */
export function redisOptions(c: QueueConnection): Record<string, unknown> {
  return { host: c.host, port: c.port, db: c.db, password: c.password, username: c.username, maxRetriesPerRequest: null };
}

/** How long to wait for the Redis server before giving up (ms). */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Check that something accepts connections at the queue's address before BullMQ starts: ioredis
 * retries a refused connection forever, which would leave a mistyped --queue URL hanging.
 */
export async function probeRedis(c: QueueConnection): Promise<void> {
  const problem = await new Promise<string | null>((resolve) => {
    const socket = connect({ host: c.host, port: c.port });
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => {
      socket.destroy();
      resolve(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`);
    });
    socket.once('connect', () => {
      socket.end();
      resolve(null);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
  if (problem !== null) fail('queue.unreachable', { field: '--queue' }, `cannot reach a Redis server at ${c.host}:${c.port} (${problem}); start redis-server there or fix the URL`);
}
