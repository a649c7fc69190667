/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { MediaStats } from './browser';

// Debian's Firefox ESR, driven over WebDriver BiDi (puppeteer-core), with Firefox's fake
// camera and microphone and no permission prompt: the citizen on another browser engine.

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    protocolTimeout: 120_000,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      // The test server's media address is loopback, which Firefox leaves out of ICE unless told (a test-only need).
      'media.peerconnection.ice.loopback': true,
      'media.peerconnection.ice.obfuscate_host_addresses': false,
      // Both parties' pages are driven from one machine: keep background timers and media running.
      'media.autoplay.default': 0,
      'media.autoplay.blocking_policy': 0,
    },
  });
}

export async function firefoxPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(90_000);
  if (process.env.E2E_DEBUG) page.on('console', (msg) => console.log(`[firefox ${msg.type()}] ${msg.text()}`));
  return page;
}

export const byTestId = (id: string) => `[data-testid="${id}"]`;

/** The page's RTP counters through the app's debug hook, as `readStats` reads them in Chromium. */
export function readFirefoxStats(page: Page): Promise<MediaStats | null> {
  return page.evaluate(async () => {
    const w = window as unknown as { __videoloketStats?: () => Promise<MediaStats> };
    return w.__videoloketStats ? w.__videoloketStats() : null;
  });
}

/** Waits until audio arrives and decoded video frames keep increasing in the Firefox page. */
export async function expectFirefoxInboundMedia(page: Page, timeoutMs = 30_000): Promise<MediaStats> {
  const deadline = Date.now() + timeoutMs;
  let first: MediaStats | undefined;
  let last: MediaStats | null = null;
  while (Date.now() < deadline) {
    last = await readFirefoxStats(page);
    if (last && last.inboundVideoFramesDecoded > 0 && last.inboundAudioPackets > 0) {
      if (!first) first = last;
      else if (last.inboundVideoFramesDecoded > first.inboundVideoFramesDecoded + 10 && last.inboundAudioPackets > first.inboundAudioPackets) return last;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Firefox: no growing inbound media within ${timeoutMs} ms; last stats ${JSON.stringify(last)}`);
}
