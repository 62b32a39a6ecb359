import { Redis } from 'ioredis';
import { redisOptions, type QueueConnection } from './queue-connection.js';
import { sharedBytes, sharedFromBytes } from './shared-data.js';

/*
 * What a study's threads share (its files as the submitter parsed them), left on the queue's Redis
 * server beside BullMQ's keys, so that a worker process prepares the study from them instead of
 * parsing the files again. One key per study, by the hash of its inputs, kept as long as the jobs'
 * results. Without it (gone, or the server unreachable for a moment) a worker parses the files itself.
 */

/** The Redis key of a study's shared files on a queue. */
export function sharedKey(queueName: string, hash: string): string {
  return `hubsim:${queueName}:shared:${hash}`;
}

/** A short-lived client for the key: one attempt per command, its errors reported by the command. */
function keyClient(connection: QueueConnection): Redis {
  const client = new Redis({ ...redisOptions(connection), maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  return client;
}

/** In the submitter: leave what the study shares (Study.shared) for `seconds`; nothing when it shares no files. */
export async function leaveShared(connection: QueueConnection, queueName: string, hash: string, shared: unknown, seconds: number): Promise<void> {
  const bytes = sharedBytes(shared);
  if (bytes === null) return;
  const client = keyClient(connection);
  try {
    await client.set(sharedKey(queueName, hash), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'EX', seconds);
  } finally {
    client.disconnect();
  }
}

/** In a worker: what the submitter left for the study (for its prepareStudy), or undefined. */
export async function takeShared(connection: QueueConnection, queueName: string, hash: string): Promise<unknown> {
  const client = keyClient(connection);
  try {
    const bytes = await client.getBuffer(sharedKey(queueName, hash));
    return bytes === null ? undefined : sharedFromBytes(bytes);
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}
