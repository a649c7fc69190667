import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenService } from '@videoloket/signaling';
import { citizenJoin, newContext } from './support/browser';
import { ownServerRun } from './support/run';

// Issue 10, item 7: a citizen who opens an appointment link before it works is told when the
// call opens, in their language, instead of "this link does not work".

const TOKEN_SECRET = randomBytes(32).toString('base64url');
const TIME_ZONE = 'Europe/Brussels';
// Its own server: the test signs a link with the server's token secret.
const run = ownServerRun(() => ({ TOKEN_SECRET }));

describe('an appointment link opened too early', () => {
  it('says at what time the call opens (nl, then en), not that the link is invalid', async () => {
    // The link the back office mails for an appointment: scheduled, valid from shortly before the slot.
    const opensAt = new Date(Date.now() + 90 * 60_000);
    const token = await new TokenService(TOKEN_SECRET).signCallLink(
      { callId: `appt-${randomUUID()}`, linkId: randomUUID(), role: 'citizen', suggestedName: 'Els Wouters', scheduled: true },
      { validFrom: opensAt, expiresAt: new Date(opensAt.getTime() + 60 * 60_000) },
    );
    const hhmm = new Intl.DateTimeFormat('nl-BE', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE }).format(opensAt);
    // Late in the evening the call opens tomorrow: the page then names the day as well.
    const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(d);
    const today = day(opensAt) === day(new Date());
    const expected = {
      nl: today ? `Dit gesprek opent om ${hhmm}` : new RegExp(`Dit gesprek opent op \\S+ \\d+ \\S+ om ${hhmm}`),
      en: today ? `This call opens at ${hhmm}` : new RegExp(`This call opens on \\S+,? (\\d+ \\S+|\\S+ \\d+) at ${hhmm}`),
    };

    const context = await newContext(run.browser, run.server, { timezoneId: TIME_ZONE });
    const page = await context.newPage();
    await citizenJoin(page, `${run.server.url}/call/#t=${token}`, 'Els Wouters');
    const screen = page.getByTestId('screen-not-open');
    await screen.waitFor({ timeout: 20_000 });
    expect(await screen.textContent()).toMatch(expected.nl);
    expect(await page.getByTestId('screen-invalid').count()).toBe(0);

    await page.getByTestId('language-picker').selectOption('en');
    await expect.poll(() => screen.textContent()).toMatch(expected.en);
  });
});
