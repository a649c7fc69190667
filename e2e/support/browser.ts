/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type BrowserServer, type Page } from 'playwright-core';
import type { LoginResponse } from '@videoloket/contracts';
import type { ServerAddress } from './server';

// Debian's Chromium with fake camera/microphone (a test pattern and a beep) and the
// permission prompt auto-accepted.

export const CHROMIUM_ARGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Background tabs must keep decoding: both parties run in one browser.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  '--autoplay-policy=no-user-gesture-required',
];

/** `args` replace defaults of the same flag, e.g. `--use-fake-device-for-media-stream=device-count=2` (two fake cameras). */
function launchOptions(args: string[], executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') {
  const extra = process.env.CHROMIUM_EXTRA_ARGS?.split(' ').filter(Boolean) ?? [];
  const flag = (a: string) => a.split('=')[0];
  const base = CHROMIUM_ARGS.filter((a) => !args.some((b) => flag(b) === flag(a)));
  return { executablePath, args: [...base, ...args, ...extra] };
}

/**
 * A browser for this process alone: the benchmarks, and a test that needs other browser flags.
 * `executablePath`: a wrapper that starts Chromium elsewhere (e2e/support/netns.ts: in a network namespace).
 */
export function launchBrowser(args: string[] = [], executablePath?: string): Promise<Browser> {
  return chromium.launch(launchOptions(args, executablePath));
}

/** The run's one browser, which every e2e test file connects to (e2e/support/global-setup.ts). */
export function launchBrowserServer(): Promise<BrowserServer> {
  return chromium.launchServer(launchOptions([]));
}

/** A phone held upright (issue 17's "390×844 touch"); swap width and height for landscape. */
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

export async function newContext(browser: Browser, server: ServerAddress, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 860 }, ...options });
  await context.grantPermissions(['camera', 'microphone', 'clipboard-read', 'clipboard-write'], { origin: server.url });
  // Playwright's 30 s per click or navigation is too short on a loaded 2-core machine (a page
  // load took longer at load 45): waits are not assertions, so they may be generous.
  context.setDefaultTimeout(90_000);
  if (process.env.E2E_DEBUG) {
    context.on('console', (msg) => console.log(`[browser ${msg.type()}] ${msg.text()}`));
    context.on('weberror', (err) => console.log(`[browser error] ${err.error().message}`));
  }
  return context;
}

export interface MediaStats {
  inboundVideoFramesDecoded: number;
  inboundVideoPackets: number;
  inboundAudioPackets: number;
  outboundVideoPackets: number;
  outboundAudioPackets: number;
  consumers: number;
  producers: number;
  /** Per connected transport, its selected ICE pair (call-client's SelectedPath). */
  selectedPaths: { localCandidateType: string; protocol: string; relayProtocol?: string }[];
}

const ZERO: MediaStats = { inboundVideoFramesDecoded: 0, inboundVideoPackets: 0, inboundAudioPackets: 0, outboundVideoPackets: 0, outboundAudioPackets: 0, consumers: 0, producers: 0, selectedPaths: [] };

/** The page's RTP counters through the debug hook (zeros before any media session exists). */
export async function readStats(page: Page): Promise<MediaStats> {
  return page.evaluate(async (zero) => {
    const w = window as unknown as { __videoloketStats?: () => Promise<MediaStats> };
    return w.__videoloketStats ? w.__videoloketStats() : zero;
  }, ZERO);
}

/** Waits until audio arrives and decoded video frames keep increasing. */
export async function expectInboundMedia(page: Page, timeoutMs = 20_000): Promise<MediaStats> {
  const deadline = Date.now() + timeoutMs;
  let first: MediaStats | undefined;
  let last: MediaStats = ZERO;
  while (Date.now() < deadline) {
    last = await readStats(page);
    if (last.inboundVideoFramesDecoded > 0 && last.inboundAudioPackets > 0) {
      if (!first) first = last;
      else if (last.inboundVideoFramesDecoded > first.inboundVideoFramesDecoded + 10 && last.inboundAudioPackets > first.inboundAudioPackets) return last;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no growing inbound media within ${timeoutMs} ms; last stats ${JSON.stringify(last)}`);
}

/** Signs in through the desk UI. */
export async function signInDesk(page: Page, server: ServerAddress, lang?: string): Promise<void> {
  await page.goto(`/desk/${lang ? `?lang=${lang}` : ''}`);
  await page.getByTestId('username').fill('balie');
  await page.getByTestId('password').fill(server.clerkPassword);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('create-call-form').waitFor();
}

/**
 * Puts a sign-in into the desk's storage so a page opens signed in. The clerk's device check before each call is switched off (the clerk's own
 * setting, issue 12 item 4) unless `deviceCheck` is set: tests of other things go straight into the call.
 */
export async function storeDeskAuth(context: BrowserContext, login: LoginResponse, { deviceCheck = false } = {}): Promise<void> {
  await context.addInitScript(
    ({ auth, deviceCheck }) => {
      try {
        localStorage.setItem('videoloket:desk:auth', JSON.stringify(auth));
        const devices = `videoloket:desk:devices:${auth.clerk.id}`;
        if (!deviceCheck && !localStorage.getItem(devices)) localStorage.setItem(devices, JSON.stringify({ checkBeforeCall: false }));
      } catch {
        /* about:blank has no storage */
      }
    },
    { auth: login, deviceCheck },
  );
}

/** Citizen: opens the link, fills the name and clicks join. */
export async function citizenJoin(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await page.getByTestId('name-input').fill(name);
  await page.getByTestId('join-button').click();
}
