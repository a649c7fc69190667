/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser as Firefox, ElementHandle } from 'puppeteer-core';
import { REPO } from './support/server';
import { ownServerRun, requireClamd } from './support/run';
import { expectInboundMedia, readStats } from './support/browser';
import { openDeskCall } from './support/session';
import { createCitizenNetwork, type CitizenNetwork } from './support/netns';
import { byTestId, expectFirefoxInboundMedia, firefoxPage, launchFirefox } from './support/firefox';

// Issue 16 item 4: a Chromium clerk and a Firefox citizen (Debian's firefox-esr over WebDriver
// BiDi, Firefox's fake devices) — media both ways, the clerk's screen share, chat and documents.
// Firefox leaves loopback out of ICE, so the SFU listens on an address of a link the test
// makes (the root side of a namespace's veth pair); both browsers open the pages on localhost.

const FIXTURES = path.join(REPO, 'e2e/fixtures/documents');
const sha256 = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

requireClamd();
let link: CitizenNetwork | undefined;
let firefox: Firefox | undefined;
beforeAll(async () => {
  link = await createCitizenNetwork({ label: 'firefox' });
});
// Registered after the hook above, so it runs after it (ownServerRun reads env in its beforeAll).
const run = ownServerRun(() => ({ MEDIA_LISTEN_IP: link!.hostAddress, MEDIA_ANNOUNCED_ADDRESS: link!.hostAddress, TURN_URLS: 'none' }));
beforeAll(async () => {
  firefox = await launchFirefox();
});
afterAll(async () => {
  await firefox?.close();
  await link?.close();
});

describe('a Firefox citizen', () => {
  it('joins a Chromium clerk: media both ways, the clerk\'s screen share, chat and documents both ways', async () => {
    const { created, clerk } = await openDeskCall(run.browser, run.server, 'Firefox', 'Lotte Maes');
    const citizen = await firefoxPage(firefox!);
    // The citizen app downloads through an anchor's click: keep the URL so the test can fetch the bytes as the browser would.
    await citizen.evaluateOnNewDocument(() => {
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        if (this.download) (window as unknown as { __downloads: string[] }).__downloads = [...((window as unknown as { __downloads?: string[] }).__downloads ?? []), this.href];
        else click.call(this);
      };
    });

    await citizen.goto(created.citizenLink);
    await citizen.waitForSelector(byTestId('device-check'));
    await citizen.click(byTestId('join-button'));
    await citizen.waitForSelector(byTestId('waiting-room'));
    await clerk.getByRole('button', { name: /Lotte Maes/ }).filter({ hasText: /binnenlaten/i }).click();
    await citizen.waitForSelector(byTestId('in-call'));

    // Media both ways: Firefox decodes the clerk's VP8, Chromium decodes Firefox's.
    const [citizenStats, clerkStats] = await Promise.all([expectFirefoxInboundMedia(citizen), expectInboundMedia(clerk, 30_000)]);
    expect(citizenStats.consumers).toBe(2);
    expect(citizenStats.outboundVideoPackets).toBeGreaterThan(0);
    expect(clerkStats.consumers).toBe(2);

    // The clerk shares the screen: Firefox shows it as a second video with real frames.
    await clerk.getByTestId('screen-share-button').click();
    await expect.poll(() => clerk.getByTestId('screen-share-button').getAttribute('aria-pressed')).toBe('true');
    await citizen.waitForFunction(() => ((document.querySelector('[data-testid="remote-screen"] video') as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, { timeout: 30_000 });
    await clerk.getByTestId('screen-share-button').click();
    await citizen.waitForFunction(() => !document.querySelector('[data-testid="remote-screen"]'), { timeout: 30_000 });

    // Chat both ways.
    await citizen.type(byTestId('chat-input'), 'Hallo vanuit Firefox');
    await citizen.click(byTestId('chat-send'));
    await clerk.getByTestId('chat-message').filter({ hasText: 'Hallo vanuit Firefox' }).waitFor();
    await clerk.getByTestId('chat-input').fill('Goed ontvangen');
    await clerk.getByTestId('chat-send').click();
    await citizen.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="chat-message"]')).some((m) => m.textContent?.includes('Goed ontvangen')));

    // Documents: Firefox uploads a PDF through tus, the clerk downloads the same bytes…
    const input = (await citizen.waitForSelector(byTestId('documents-file'))) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(path.join(FIXTURES, 'aanvraag.pdf'));
    const sent = clerk.getByTestId('documents-panel').locator('[data-testid="document"][data-name="aanvraag.pdf"]');
    await sent.and(clerk.locator('[data-state="ready"]')).waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([clerk.waitForEvent('download'), sent.getByTestId('document-download').click()]);
    expect(sha256(await buffer(await download.createReadStream()))).toBe(sha256(readFileSync(path.join(FIXTURES, 'aanvraag.pdf'))));

    // …and the clerk's PDF reaches Firefox, whose download delivers it byte for byte.
    await clerk.getByTestId('documents-file').setInputFiles(path.join(FIXTURES, 'antwoord-gemeente.pdf'));
    const received = '[data-testid="documents-panel"] [data-testid="document"][data-name="antwoord-gemeente.pdf"][data-state="ready"]';
    await citizen.waitForSelector(received, { timeout: 30_000 });
    await citizen.click(`${received} ${byTestId('document-download')}`);
    await citizen.waitForFunction(() => ((window as unknown as { __downloads?: string[] }).__downloads ?? []).length > 0);
    const digest = await citizen.evaluate(async () => {
      const url = (window as unknown as { __downloads: string[] }).__downloads[0]!;
      const bytes = await (await fetch(url)).arrayBuffer();
      return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
    });
    expect(digest).toBe(sha256(readFileSync(path.join(FIXTURES, 'antwoord-gemeente.pdf'))));

    // The clerk still receives Firefox's media after all that.
    expect((await readStats(clerk)).inboundVideoFramesDecoded).toBeGreaterThan(clerkStats.inboundVideoFramesDecoded);
    await citizen.close();
  }, 180_000);
});
