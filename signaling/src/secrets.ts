import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Returns the configured secret, or for the embedded default one generated once and kept
 * in DATA_DIR (mode 0600), so tokens stay valid across restarts. Production mode never
 * gets here without a configured secret (see config.ts).
 */
export async function loadOrCreateSecret(dataDir: string, name: string, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, 'secrets', `${name}.key`);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}
