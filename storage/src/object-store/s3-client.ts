import { createHash } from 'node:crypto';
import type { S3, S3ClientConfig, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-s3';
import type { FinalizeRequestMiddleware } from '@smithy/types';

// The S3 settings that must hold in production too (issue 3): they are what MinIO and
// Swift's s3api both accept.
//  - requestChecksumCalculation/responseChecksumValidation = WHEN_REQUIRED: AWS SDK v3
//    otherwise adds CRC32 "flexible checksums" to every request, which Swift rejects and
//    older MinIO releases ignore.
//  - Content-MD5 on DeleteObjects: the S3 API reference says "The Content-MD5 header is
//    required for all Multi-Object Delete requests"; the SDK now sends a CRC32 instead,
//    which s3api does not accept in its place.
//  - no object tagging (useTags: false in the tus store): s3api has no tagging API, so
//    expiry of unfinished uploads is done by DocumentService, not by bucket lifecycle rules.

export interface S3ConnectionOptions {
  /** e.g. http://127.0.0.1:18480 or https://minio.example.gov */
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
}

export function awsClientConfig(o: S3ConnectionOptions): S3ClientConfig {
  return {
    endpoint: o.endpoint,
    region: o.region,
    credentials: { accessKeyId: o.accessKey, secretAccessKey: o.secretKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

/** Adds Content-MD5 to DeleteObjects requests of an AWS SDK client. */
export function addDeleteObjectsContentMd5(client: S3): void {
  const middleware: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      if (context.commandName === 'DeleteObjectsCommand' && request.headers && typeof request.body === 'string') {
        request.headers['content-md5'] = createHash('md5').update(request.body).digest('base64');
        for (const h of Object.keys(request.headers)) {
          if (h.toLowerCase().startsWith('x-amz-checksum-') || h.toLowerCase() === 'x-amz-sdk-checksum-algorithm') {
            delete request.headers[h];
          }
        }
      }
      return next(args);
    };
  client.middlewareStack.addRelativeTo(
    middleware,
    // Right before signing, after the SDK's own checksum middleware, so the signature covers it.
    { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'videoloketDeleteObjectsContentMd5' },
  );
}
