import { describe, expect, it } from 'vitest';
import { sharedRun } from './support/run';
import { citizenJoin, newContext } from './support/browser';
import { openDeskCall, shot } from './support/session';

// Issue 9, finding 5 in the browsers: refusing a citizen offers to withdraw their link; once
// withdrawn, the same link (reloaded, or forwarded to another browser) no longer knocks.

const run = sharedRun();

describe('withdrawing a citizen link from the desk', () => {
  it('refuse → "withdraw link" → the citizen and a forwarded copy can no longer knock', async () => {
    const { created, clerk } = await openDeskCall(run.browser, run.server, 'Ongewenst bezoek', 'Jan Peeters');
    const citizenContext = await newContext(run.browser, run.server);
    const citizen = await citizenContext.newPage();
    await citizenJoin(citizen, created.citizenLink, 'Jan Peeters');
    await citizen.getByTestId('waiting-room').waitFor({ timeout: 20_000 });

    await clerk.getByRole('button', { name: 'Jan Peeters weigeren' }).click();
    const offer = clerk.getByTestId('withdraw-offer');
    await offer.waitFor();
    await expect.poll(() => offer.textContent()).toMatch(/Jan Peeters is geweigerd/);
    await shot(clerk, 'desk-withdraw-offer');
    await offer.getByRole('button', { name: 'Link intrekken' }).click();
    await expect.poll(() => clerk.getByTestId('desk-announcer').textContent()).toMatch(/ingetrokken/);
    await expect.poll(() => offer.count()).toBe(0);

    // The refused citizen tries again (same browser, seat key in storage), and someone the
    // link was forwarded to tries too.
    const again = await citizenContext.newPage();
    const forwarded = await (await newContext(run.browser, run.server)).newPage();
    for (const page of [again, forwarded]) {
      await citizenJoin(page, created.citizenLink, 'Nog eens');
      await page.getByTestId('screen-ended').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('waiting-room').count()).toBe(0);
    }
    expect(await clerk.getByTestId('waiting-entry').count()).toBe(0);
  });
});
