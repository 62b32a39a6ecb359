import { deserialize, serialize } from 'node:v8';

/*
 * A batch's result on its way through Redis. JSON would change it: NaN and Infinity become null and
 * -0 becomes 0, and rollout rows hold all of them (a figure a terrain does not have, an empty
 * maximum). V8's own serialisation (the structured clone the threads use) keeps every value and typed
 * array exactly; base64 makes it a string a job can return.
 */

/** What a queue job returns for a result. */
export interface EncodedResult {
  readonly v8: string;
}

export function encodeResult(value: unknown): EncodedResult {
  return { v8: serialize(value).toString('base64') };
}

/** A job's return value (maybe still JSON text, as some queue events carry it) back as the result. */
export function decodeResult(returned: unknown): unknown {
  const v = typeof returned === 'string' ? (JSON.parse(returned) as unknown) : returned;
  const text = (v as Partial<EncodedResult> | null)?.v8;
  if (typeof text !== 'string') throw new Error('a queue job returned something other than an encoded result; is the worker the same hubsim version?');
  return deserialize(Buffer.from(text, 'base64'));
}
