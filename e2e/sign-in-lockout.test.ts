import { describe, expect, it } from 'vitest';
import { sharedRun } from './support/run';
import { newContext } from './support/browser';

// Issue 9, finding 2, as the clerk sees it: after too many wrong passwords the desk says
// the sign-in is paused and for how long, instead of "check your password" again.

const run = sharedRun();

describe('desk sign-in lockout', () => {
  it('a wrong password says so; the sixth in a row says to wait a minute; an accessible alert each time', async () => {
    const context = await newContext(run.browser, run.server);
    const page = await context.newPage();
    await page.goto('/desk/?lang=en');
    // Not the account the other tests use: the lockout is per (address, account).
    await page.getByLabel('Username').fill('baliemedewerker');
    const attempt = async (password: string) => {
      await page.getByLabel('Password').fill(password);
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      return (await answered).status();
    };
    for (let i = 1; i <= 5; i++) {
      expect(await attempt(`fout-${i}`)).toBe(401);
      await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 10_000 }).toBe('Sign-in failed: check your username and password.');
    }
    expect(await attempt('fout-6')).toBe(429);
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 10_000 }).toBe('Too many sign-in attempts. Try again in 1 min.');
    await context.close();
  });
});
