import { open } from 'node:fs/promises';

// fsync helpers for the local-disk store: a document the citizen saw "uploaded" must
// survive a crash (issue 11, item 5). On Linux fsync flushes the inode's dirty pages
// whichever descriptor asks, so the writers' own streams can stay as they are.

/** Flushes a file's data and size to disk. */
export async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a directory's entries (a new or renamed name in it) to disk. */
export const syncDirectory = syncFile;
