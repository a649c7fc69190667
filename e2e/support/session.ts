/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CreateCallResponse, LoginResponse } from '@videoloket/contracts';
import { createCall, loginClerk } from './api';
import { newContext, storeDeskAuth } from './browser';
import type { ServerAddress } from './server';

// A clerk with a call open in the desk, ready for a citizen.

export interface DeskCall {
  login: LoginResponse;
  created: CreateCallResponse;
  clerkContext: BrowserContext;
  clerk: Page;
}

export async function openDeskCall(browser: Browser, server: ServerAddress, title: string, citizenName?: string): Promise<DeskCall> {
  const login = await loginClerk(server);
  const created = await createCall(server, login.token, title, citizenName);
  const clerkContext = await newContext(browser, server);
  await storeDeskAuth(clerkContext, login);
  const clerk = await clerkContext.newPage();
  await clerk.goto(`/desk/#/call/${created.call.callId}`);
  await clerk.locator('[data-testid="desk-room"][data-phase="admitted"]').waitFor({ timeout: 20_000 });
  return { login, created, clerkContext, clerk };
}

/** Records whether the waiting room ever appeared on this page (survives reloads: it is an init script). */
export async function watchForWaitingRoom(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __sawWaitingRoom?: boolean };
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="waiting-room"]')) w.__sawWaitingRoom = true;
    }).observe(document, { childList: true, subtree: true });
  });
}

export async function sawWaitingRoom(page: Page): Promise<boolean> {
  return page.evaluate(() => Boolean((window as unknown as { __sawWaitingRoom?: boolean }).__sawWaitingRoom));
}

/** Saves a PNG when E2E_SCREENSHOTS names a directory (for looking at the UI, not for asserting). */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}
