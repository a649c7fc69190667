import { describe, expect, it } from 'vitest';
import { sharedRun } from './support/run';
import { citizenJoin, expectInboundMedia, newContext, readStats } from './support/browser';
import { openDeskCall } from './support/session';

// A link forwarded to someone else gives them a new seat in the waiting room; it never
// takes over the admitted citizen's seat (docs/call-protocol.md, "Seats", step 5).

const run = sharedRun();

describe('a forwarded link', () => {
  it('lands in the waiting room while the admitted citizen stays in the call', async () => {
    const { created, clerk } = await openDeskCall(run.browser, run.server, 'Parkeerkaart');
    const citizenContext = await newContext(run.browser, run.server);
    const citizen = await citizenContext.newPage();
    await citizenJoin(citizen, created.citizenLink, 'Bart Claes');
    await clerk.getByRole('button', { name: /Bart Claes/ }).and(clerk.getByTestId('admit')).click();
    await citizen.getByTestId('in-call').waitFor();
    await expectInboundMedia(citizen);

    const otherContext = await newContext(run.browser, run.server);
    const other = await otherContext.newPage();
    await citizenJoin(other, created.citizenLink, 'Iemand Anders');
    await other.getByTestId('waiting-room').waitFor();
    await clerk.getByTestId('waiting-entry').filter({ hasText: 'Iemand Anders' }).waitFor();

    // The first citizen is still admitted, still receiving media; the newcomer gets nothing.
    expect(await citizen.getByTestId('call-root').getAttribute('data-phase')).toBe('admitted');
    await expectInboundMedia(citizen, 10_000);
    expect(await readStats(other)).toMatchObject({ inboundVideoPackets: 0, inboundAudioPackets: 0, outboundVideoPackets: 0, outboundAudioPackets: 0 });
    // The clerk still has exactly one admitted citizen tile.
    await expect.poll(() => clerk.getByTestId('participant').count()).toBe(1);

    // Refusing the newcomer shows them the refused screen and leaves the citizen alone.
    await clerk.getByRole('button', { name: /Iemand Anders/ }).and(clerk.getByTestId('refuse')).click();
    await other.getByTestId('screen-refused').waitFor();
    expect(await citizen.getByTestId('call-root').getAttribute('data-phase')).toBe('admitted');
    await otherContext.close();
    await citizenContext.close();
  });
});
