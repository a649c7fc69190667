import { describe, expect, it } from 'vitest';
import { sharedRun } from './support/run';
import { expectInboundMedia, newContext, readStats } from './support/browser';
import { openDeskCall, sawWaitingRoom, shot, watchForWaitingRoom } from './support/session';

// Issue 2's proof: a clerk and a citizen in real Chromium against the real server and SFU.

const run = sharedRun();

describe('a call between a clerk and a citizen', () => {
  it('waits without media, admits, carries media and chat both ways, survives a reload, ends for everyone', async () => {
    const { created, clerk } = await openDeskCall(run.browser, run.server, 'Identiteitskaart', 'An Peeters');
    const citizenContext = await newContext(run.browser, run.server);
    await watchForWaitingRoom(citizenContext);
    const citizen = await citizenContext.newPage();

    await citizen.goto(created.citizenLink);
    await citizen.getByTestId('device-check').waitFor();
    await shot(citizen, 'citizen-device-check');
    // The clerk typed the name; the link carries it as a suggestion.
    await expect.poll(() => citizen.getByTestId('name-input').inputValue()).toBe('An Peeters');
    await citizen.getByTestId('join-button').click();
    await citizen.getByTestId('waiting-room').waitFor();
    await clerk.getByTestId('waiting-entry').filter({ hasText: 'An Peeters' }).waitFor();
    await shot(citizen, 'citizen-waiting');
    await shot(clerk, 'desk-waiting');

    // While waiting nothing flows: the citizen receives nothing, sends nothing, and the clerk gets nothing from them.
    await citizen.waitForTimeout(1500);
    const waitingStats = await readStats(citizen);
    expect(waitingStats).toMatchObject({ inboundVideoFramesDecoded: 0, inboundAudioPackets: 0, inboundVideoPackets: 0, outboundAudioPackets: 0, outboundVideoPackets: 0, consumers: 0 });
    const clerkBefore = await readStats(clerk);
    expect(clerkBefore).toMatchObject({ inboundVideoFramesDecoded: 0, inboundAudioPackets: 0, inboundVideoPackets: 0, consumers: 0 });

    await clerk.getByRole('button', { name: /An Peeters/ }).filter({ hasText: /binnenlaten|Binnenlaten/i }).click();
    await citizen.getByTestId('in-call').waitFor();
    const [citizenStats, clerkStats] = await Promise.all([expectInboundMedia(citizen), expectInboundMedia(clerk)]);
    expect(citizenStats.consumers).toBe(2);
    expect(clerkStats.consumers).toBe(2);
    await shot(citizen, 'citizen-in-call');
    await shot(clerk, 'desk-in-call');

    // Chat both ways: links are clickable, HTML is shown as text.
    await citizen.getByTestId('chat-input').fill('Zie https://example.org/info en <b>vet</b>');
    await citizen.getByTestId('chat-send').click();
    const clerkMsg = clerk.getByTestId('chat-message').filter({ hasText: '<b>vet</b>' });
    await clerkMsg.waitFor();
    await expect.poll(() => clerkMsg.locator('b').count()).toBe(0);
    const link = clerkMsg.getByRole('link', { name: 'https://example.org/info' });
    expect(await link.getAttribute('href')).toBe('https://example.org/info');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');
    await clerk.getByTestId('chat-input').fill('Welkom! Formulier: https://gemeente.example/formulier');
    await clerk.getByTestId('chat-send').click();
    await citizen.getByTestId('chat-message').filter({ hasText: 'Welkom!' }).getByRole('link', { name: 'https://gemeente.example/formulier' }).waitFor();

    // Reload: straight back into the call with media, never through the waiting room.
    await citizen.reload();
    await citizen.getByTestId('in-call').waitFor({ timeout: 10_000 });
    const afterReload = await expectInboundMedia(citizen, 10_000);
    expect(afterReload.consumers).toBe(2);
    expect(await sawWaitingRoom(citizen)).toBe(false);
    // The chat history came back with the seat.
    await citizen.getByTestId('chat-message').filter({ hasText: 'Welkom!' }).waitFor();
    // And the clerk gets the citizen's fresh media again.
    await expectInboundMedia(clerk, 10_000);

    // The clerk ends the call for everyone.
    await clerk.getByTestId('end-call').click();
    await clerk.getByTestId('end-call-confirm').click();
    await citizen.getByTestId('screen-ended').waitFor();
    await clerk.getByTestId('desk-call-over').waitFor();
    await shot(citizen, 'citizen-ended');
    await citizenContext.close();
  });
});
