import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { FileStore } from '@tus/file-store';
import { ERRORS, type DataStore, type Upload } from '@tus/utils';
import { NotFoundError } from '@videoloket/contracts';
import { syncDirectory, syncFile } from './durable';
import { assertSafeKey, type ObjectStore } from './ObjectStore';

export interface LocalDiskObjectStoreOptions {
  /** Root directory; objects under objects/, tus uploads under tus/. */
  directory: string;
  /** Passed to @tus/file-store so HEAD/PATCH answer Upload-Expires. */
  uploadExpiryMs: number;
}

const WRITE_BATCH_BYTES = 1024 * 1024;
/** Well under IOV_MAX (1024), whatever size the chunks come in. */
const WRITE_BATCH_CHUNKS = 256;

/**
 * @tus/file-store, durable: a PATCH is answered (204, new Upload-Offset) only once its bytes
 * are on disk, and a created upload's file and record survive a crash. Without this the
 * last PATCH's 204 could tell the citizen "uploaded" while the bytes sat in the page cache.
 */
class DurableFileStore extends FileStore {
  override async create(upload: Upload): Promise<Upload> {
    const created = await super.create(upload);
    await syncFile(path.join(this.directory, upload.id));
    await syncFile(path.join(this.directory, `${upload.id}.json`));
    await syncDirectory(this.directory);
    return created;
  }

  /**
   * FileStore.write's job with fewer system calls: the request's 64 KiB chunks go out in
   * one positioned writev per MiB (no copy) instead of one write each, then one fsync.
   */
  override async write(readable: Parameters<FileStore['write']>[0], id: string, offset: number): Promise<number> {
    if (path.basename(id) !== id) throw ERRORS.FILE_WRITE_ERROR;
    const handle = await open(path.join(this.directory, id), 'r+');
    let position = offset;
    let batch: Buffer[] = [];
    let batched = 0;
    const flush = async () => {
      if (batched === 0) return;
      const { bytesWritten } = await handle.writev(batch, position);
      if (bytesWritten !== batched) throw new Error(`short write: ${bytesWritten} of ${batched} bytes`);
      position += batched;
      batch = [];
      batched = 0;
    };
    try {
      try {
        for await (const chunk of readable as AsyncIterable<Buffer>) {
          batch.push(chunk);
          batched += chunk.length;
          if (batched >= WRITE_BATCH_BYTES || batch.length >= WRITE_BATCH_CHUNKS) await flush();
        }
      } finally {
        // Also when the client went away: what arrived is kept, as FileStore does, so it resumes from there.
        await flush();
      }
      await handle.sync();
    } catch {
      throw ERRORS.FILE_WRITE_ERROR;
    } finally {
      await handle.close();
    }
    return position;
  }
}

/** The embedded default: files on local disk, written atomically (temp file + rename). */
export class LocalDiskObjectStore implements ObjectStore {
  readonly name = 'local-disk';
  readonly capabilities = { remote: false };
  readonly #objects: string;
  readonly #tusDir: string;
  #tus: DataStore | null = null;

  constructor(private readonly options: LocalDiskObjectStoreOptions) {
    this.#objects = path.join(options.directory, 'objects');
    this.#tusDir = path.join(options.directory, 'tus');
  }

  async init(): Promise<this> {
    await mkdir(this.#objects, { recursive: true, mode: 0o700 });
    await mkdir(this.#tusDir, { recursive: true, mode: 0o700 });
    return this;
  }

  #path(key: string): string {
    assertSafeKey(key);
    return path.join(this.#objects, key);
  }

  async put(key: string, body: Readable): Promise<{ bytes: number }> {
    const file = this.#path(key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    // A crash mid-write must not leave a half object under the real name.
    const tmp = `${file}.${randomBytes(6).toString('hex')}.partial`;
    const out = createWriteStream(tmp, { mode: 0o600 });
    try {
      await pipeline(body, out);
      // Data first, then the name: a crash never leaves an empty or torn object under `key`.
      await syncFile(tmp);
      await rename(tmp, file);
      await syncDirectory(path.dirname(file));
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { bytes: out.bytesWritten };
  }

  async get(key: string): Promise<Readable> {
    const file = this.#path(key);
    try {
      await stat(file);
    } catch {
      throw new NotFoundError(`No stored object ${key}`);
    }
    return createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.#path(key)).then(
      () => true,
      () => false,
    );
  }

  tusDataStore(): DataStore {
    this.#tus ??= new DurableFileStore({ directory: this.#tusDir, expirationPeriodInMilliseconds: this.options.uploadExpiryMs });
    return this.#tus;
  }

  async close(): Promise<void> {}
}
