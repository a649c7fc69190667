import yauzl from 'yauzl';

// DOCX and ODT are ZIP containers. A few KiB can inflate to gigabytes (a "zip bomb") in
// whatever opens them next: the clerk's word processor, the virus scanner, an indexer.
// Before a document is accepted its container is read whole: entry count, the declared
// sizes (total and per-entry ratio), and then every entry inflated, so sizes that lie are
// caught too (yauzl's validateEntrySizes fails a stream that yields more or fewer bytes
// than its entry declares). Issue 9, finding 6.

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the entries' uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio of an entry above RATIO_FLOOR bytes. */
  maxRatio: number;
}

/** Small entries may compress very well (an empty style sheet); the ratio counts above this. */
const RATIO_FLOOR = 1024 * 1024;

const mib = (n: number) => `${Math.round(n / (1024 * 1024))} MiB`;

/** A refusal message if the container is unreadable or expands beyond the limits; null if it is fine. */
export async function zipRefusal(bytes: Buffer, limits: ZipLimits): Promise<string | null> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch {
    return 'The document cannot be read (its ZIP container is damaged)';
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      return `The document holds ${zip.entryCount} parts; at most ${limits.maxEntries} are accepted`;
    }
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      total += entry.uncompressedSize;
      if (total > limits.maxUncompressedBytes) {
        return `The document expands to more than ${mib(limits.maxUncompressedBytes)}; it is not accepted`;
      }
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (entry.uncompressedSize > RATIO_FLOOR && ratio > limits.maxRatio) {
        return `A part of the document expands ${Math.round(ratio)} times (at most ${limits.maxRatio}); it is not accepted`;
      }
      const stream = await zip.openReadStreamPromise(entry);
      // Drain: only the byte count matters, and yauzl checks it against the declaration.
      for await (const chunk of stream) void chunk;
    }
    return null;
  } catch {
    return 'The document cannot be read (its ZIP container is damaged or its sizes are false)';
  } finally {
    zip.close();
  }
}
