// @videoloket/storage: documents of calls (issue 3). See docs/storage.md.
export { DocumentService, type DocumentServiceDeps, type DocumentServiceEvents, type OpenedDocument } from './documents/DocumentService';
export { DocumentServiceOptions, type ResolvedDocumentServiceOptions } from './options';
export type { PdfCheckLimits, PdfRefusalCheck } from './documents/processor';
export type { DocumentRepository } from './documents/DocumentRepository';
export { InMemoryDocumentRepository } from './documents/InMemoryDocumentRepository';
export { SqlDocumentRepository, type SqlDatabase, type SqlQueryable, type SqlValue } from './documents/SqlDocumentRepository';
export { documentMigrations } from './documents/migrations';
export type { DocumentRecord, Actor, DeletionReason } from './documents/records';
export { canList, canRead, canManage, canUpload } from './documents/policy';
export type { ObjectStore, ObjectStoreCapabilities } from './object-store/ObjectStore';
export { LocalDiskObjectStore, type LocalDiskObjectStoreOptions } from './object-store/LocalDiskObjectStore';
// S3ObjectStore is the `./s3` entry: minio and the AWS SDK load only where S3 is configured.
export type { S3ObjectStoreOptions } from './object-store/S3ObjectStore';
export { awsClientConfig, type S3ConnectionOptions } from './object-store/s3-client';
export type { Scanner, ScanVerdict } from './scanner/Scanner';
export { ClamdScanner, type ClamdScannerOptions } from './scanner/ClamdScanner';
export { ChecksumMismatchError, ScannerUnavailableError, DecryptionError } from './errors';
export type { NodeHandler } from './http/node-io';
