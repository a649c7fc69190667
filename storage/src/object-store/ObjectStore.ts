import type { Readable } from 'node:stream';
import type { DataStore } from '@tus/utils';

// Where document bytes live. Two adapters: local disk (the embedded default) and S3
// (MinIO in production, Swift's s3api in tests). Both pass storage/test/object-store-suite.ts.
// Each adapter also provides the tus DataStore for in-flight uploads on the same backend.

export interface ObjectStoreCapabilities {
  /** Bytes leave this machine (S3): worth knowing for the operations docs and metrics. */
  remote: boolean;
}

export interface ObjectStore {
  readonly name: string;
  readonly capabilities: ObjectStoreCapabilities;
  /** Streams `body` into `key`, replacing any previous object. Resolves when durable. */
  put(key: string, body: Readable): Promise<{ bytes: number }>;
  /** Throws NotFoundError when missing. */
  get(key: string): Promise<Readable>;
  /** Idempotent: deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** The tus DataStore that keeps unfinished uploads on this backend. */
  tusDataStore(): DataStore;
  close(): Promise<void>;
}

/** Keys are ours (document ids), but refuse anything path-like all the same. */
export function assertSafeKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,200}$/.test(key) || key.includes('..') || key.includes('//')) {
    throw new Error(`Unsafe object key: ${JSON.stringify(key)}`);
  }
}
