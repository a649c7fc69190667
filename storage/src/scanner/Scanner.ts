import type { Readable } from 'node:stream';

// A virus scanner behind a small interface. The one real adapter is ClamdScanner;
// unit tests may fake it, integration tests never do.

export type ScanVerdict = { clean: true } | { clean: false; viruses: string[] };

export interface Scanner {
  readonly name: string;
  /**
   * Scans the plaintext stream. Throws ScannerUnavailableError when the scanner cannot
   * be reached or dies mid-scan (the caller then holds the document and retries);
   * any other error is a real failure of the source.
   */
  scan(body: Readable): Promise<ScanVerdict>;
  /** Resolves with a version string when the scanner answers, else throws ScannerUnavailableError. */
  ping(): Promise<string>;
}
