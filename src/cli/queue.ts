import { parseQueueUrl, probeRedis } from '../run/queue-connection.js';
import type { Runner } from '../run/runner.js';

/**
 * The --queue and --queue-name options of `hubsim rollout` and `hubsim sweep`: the Redis queue's
 * runner, or undefined for the local pool. The server is probed first, before the study is loaded,
 * so a wrong URL fails fast (queue.unreachable, exit 2). The queue's client (BullMQ) is loaded only then,
 * so that a local run does not load it.
 */
export async function queueOption(queue: string | undefined, queueName: string | undefined): Promise<Runner | undefined> {
  if (queue === undefined) return undefined;
  const connection = parseQueueUrl(queue);
  await probeRedis(connection);
  const { queueRunner } = await import('../run/queue-runner.js');
  return queueRunner(connection, queueName);
}
