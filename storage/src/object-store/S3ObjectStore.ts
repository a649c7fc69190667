import { Transform, type Readable } from 'node:stream';
import * as Minio from 'minio';
import { S3Store } from '@tus/s3-store';
import type { DataStore } from '@tus/utils';
import { NotFoundError } from '@videoloket/contracts';
import { assertSafeKey, type ObjectStore } from './ObjectStore';
import { addDeleteObjectsContentMd5, awsClientConfig, type S3ConnectionOptions } from './s3-client';

export interface S3ObjectStoreOptions extends S3ConnectionOptions {
  /** Passed to @tus/s3-store so HEAD/PATCH answer Upload-Expires (no tags are used). */
  uploadExpiryMs: number;
  /**
   * Multipart part size for document writes; the minio client buffers one part in
   * memory, so this bounds memory per concurrent write (S3 minimum: 5 MiB).
   */
  partSize?: number;
}

/** Our tus store: the stock S3Store with the DeleteObjects Content-MD5 fix on its client. */
class TusS3Store extends S3Store {
  constructor(options: ConstructorParameters<typeof S3Store>[0]) {
    super(options);
    addDeleteObjectsContentMd5(this.client);
  }

  /**
   * Stock remove() aborts the multipart upload first and, for a *finished* upload (no
   * multipart left: NoSuchUpload), throws FILE_NOT_FOUND before deleting the object, which
   * would leave the plaintext copy of a finished upload in the bucket. Delete it anyway.
   */
  override async remove(id: string): Promise<void> {
    try {
      await super.remove(id);
    } catch (err) {
      if ((err as { status_code?: number })?.status_code !== 404) throw err;
      await this.client.deleteObjects({
        Bucket: this.bucket,
        Delete: { Objects: [{ Key: id }, { Key: `${id}.info` }, { Key: `${id}.part` }] },
      });
      await this.clearCache(id);
    }
  }
}

/** Documents in an S3 bucket (MinIO in production) through the minio client. */
export class S3ObjectStore implements ObjectStore {
  readonly name = 's3';
  readonly capabilities = { remote: true };
  readonly #client: Minio.Client;
  #tus: DataStore | null = null;

  constructor(private readonly options: S3ObjectStoreOptions) {
    const url = new URL(options.endpoint);
    const useSSL = url.protocol === 'https:';
    this.#client = new Minio.Client({
      endPoint: url.hostname,
      port: url.port ? Number(url.port) : useSSL ? 443 : 80,
      useSSL,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      region: options.region,
      pathStyle: true,
      partSize: options.partSize ?? 16 * 1024 * 1024,
    });
  }

  /** Fails fast with a clear message when the bucket is missing or credentials are wrong. */
  async init(): Promise<this> {
    const exists = await this.#client.bucketExists(this.options.bucket);
    if (!exists) throw new Error(`S3 bucket ${this.options.bucket} does not exist at ${this.options.endpoint}`);
    return this;
  }

  #key(key: string): string {
    assertSafeKey(key);
    return `documents/${key}`;
  }

  async put(key: string, body: Readable): Promise<{ bytes: number }> {
    // Count through a transform: a 'data' listener on `body` would start it flowing
    // before minio (which first looks for an unfinished multipart upload) is reading.
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb(null, chunk);
      },
    });
    // minio does not watch its source for errors: a failed source would leave putObject
    // waiting forever, so race it against the source and clean up the multipart upload.
    const sourceFailed = new Promise<never>((_, reject) => {
      body.once('error', reject);
      counter.once('error', reject);
    });
    body.on('error', (err) => counter.destroy(err));
    const put = this.#client.putObject(this.options.bucket, this.#key(key), body.pipe(counter), undefined, {
      'Content-Type': 'application/octet-stream',
    });
    try {
      await Promise.race([put, sourceFailed]);
    } catch (err) {
      put.catch(() => undefined);
      await this.#client.removeIncompleteUpload(this.options.bucket, this.#key(key)).catch(() => undefined);
      throw err;
    }
    return { bytes };
  }

  async get(key: string): Promise<Readable> {
    try {
      return await this.#client.getObject(this.options.bucket, this.#key(key));
    } catch (err) {
      if (isNotFound(err)) throw new NotFoundError(`No stored object ${key}`);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#client.removeObject(this.options.bucket, this.#key(key));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.#client.statObject(this.options.bucket, this.#key(key));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  tusDataStore(): DataStore {
    this.#tus ??= new TusS3Store({
      partSize: 8 * 1024 * 1024,
      useTags: false,
      expirationPeriodInMilliseconds: this.options.uploadExpiryMs,
      s3ClientConfig: { bucket: this.options.bucket, ...awsClientConfig(this.options) },
    });
    return this.#tus;
  }

  async close(): Promise<void> {}
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'NoSuchKey' || code === 'NotFound' || code === 'NoSuchObject';
}
