import { deserialize, serialize } from 'node:v8';
import type { ParsedDocuments } from '../model/load.js';

/*
 * Data a study's threads read once each, put where every thread can read it without a copy per task:
 * the bytes of node:v8's serialize (the structured-clone format, which keeps NaN, Infinity and -0) in
 * a SharedArrayBuffer. A task that carries it clones only the reference, so a queue worker, which cannot
 * give its threads anything up front, can send it with every task.
 */

/** `value` serialised into a SharedArrayBuffer (sharedData reads it back). */
export function shareData(value: unknown): SharedArrayBuffer {
  const bytes = serialize(value);
  const shared = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(shared).set(bytes);
  return shared;
}

/** The value shareData put into `shared`, as a new copy for this thread. */
export function sharedData(shared: SharedArrayBuffer): unknown {
  return deserialize(new Uint8Array(shared));
}

/** What a study's threads are given of its files: the documents the main thread parsed (ParsedDocuments), shared. */
export interface SharedDocuments {
  readonly documents: SharedArrayBuffer;
}

/** A study's parsed files, as its threads are given them. */
export function shareDocuments(documents: ParsedDocuments): SharedDocuments {
  return { documents: shareData(documents) };
}

/** The parsed files a thread was given (Study.shared of shareDocuments), if any. */
export function sharedDocuments(shared: unknown): ParsedDocuments | undefined {
  const documents = (shared as SharedDocuments | null | undefined)?.documents;
  return documents === undefined ? undefined : (sharedData(documents) as ParsedDocuments);
}

/**
 * What a study shares (Study.shared), as the bytes a queue worker in another process is sent through
 * Redis: the serialized parsed files; null when it shares nothing else.
 */
export function sharedBytes(shared: unknown): Uint8Array | null {
  const documents = (shared as SharedDocuments | null | undefined)?.documents;
  return documents instanceof SharedArrayBuffer ? new Uint8Array(documents) : null;
}

/** sharedBytes back into what a study's prepareStudy takes (sharedDocuments reads it). */
export function sharedFromBytes(bytes: Uint8Array): SharedDocuments {
  const documents = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(documents).set(bytes);
  return { documents };
}
