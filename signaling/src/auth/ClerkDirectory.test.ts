import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClerkDirectory, hashPassword, verifyPassword } from './ClerkDirectory';

describe('ClerkDirectory', () => {
  it('hashes with scrypt and a per-password salt', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong horse', a)).toBe(false);
  });

  it('creates the first account once, keeps it private on disk and signs in with it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'clerks-'));
    const directory = await ClerkDirectory.open(dir);
    const { username, password } = await directory.bootstrap();
    expect(password.length).toBeGreaterThanOrEqual(16);
    const file = path.join(dir, 'clerks.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).not.toContain(password);

    const reopened = await ClerkDirectory.open(dir);
    expect(reopened.isEmpty).toBe(false);
    expect((await reopened.authenticate(username, password)).username).toBe('balie');
    await expect(reopened.authenticate(username, 'nope')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(reopened.authenticate('nobody', password)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
