import { describe, expect, it } from 'vitest';
import { sharedRun } from './support/run';
import { expectInboundMedia, newContext } from './support/browser';
import { openDeskCall, sawWaitingRoom, watchForWaitingRoom } from './support/session';

// Issue 2: a citizen who loses the network (phone between Wi-Fi and 4G) comes back into
// the same call, with media, without passing the waiting room again.

const run = sharedRun();

describe('network loss', () => {
  it('the citizen sees "reconnecting" while offline and is back in the call with media after', async () => {
    const { created, clerk } = await openDeskCall(run.browser, run.server, 'Verhuis', 'Ridwan');
    const citizenContext = await newContext(run.browser, run.server);
    await watchForWaitingRoom(citizenContext);
    const citizen = await citizenContext.newPage();
    await citizen.goto(created.citizenLink);
    await citizen.getByTestId('join-button').click();
    await clerk.getByTestId('waiting-entry').filter({ hasText: 'Ridwan' }).waitFor();
    await clerk.getByRole('button', { name: /Ridwan/ }).filter({ hasText: /binnenlaten/i }).click();
    await citizen.getByTestId('in-call').waitFor();
    await expectInboundMedia(citizen);
    // The waiting room was seen once, before admission; reset the marker for what follows.
    expect(await sawWaitingRoom(citizen)).toBe(true);
    await citizen.evaluate(() => ((window as unknown as { __sawWaitingRoom?: boolean }).__sawWaitingRoom = false));

    await citizenContext.setOffline(true);
    // The signalling connection drops (immediately, or at the latest after the ping timeout).
    await citizen.getByTestId('reconnecting').waitFor({ timeout: 40_000 });
    await citizen.waitForTimeout(5_000);
    await citizenContext.setOffline(false);

    await citizen.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 30_000 });
    const after = await expectInboundMedia(citizen, 20_000);
    expect(after.consumers).toBe(2);
    expect(await sawWaitingRoom(citizen)).toBe(false);
    // The clerk receives the citizen's media again too.
    await expectInboundMedia(clerk, 20_000);
    await citizenContext.close();
  });
});
