import type { BrowserContext, Page } from 'playwright-core';

// When each remote tile shows a picture: for the worker-loss test and benchmark (issue 16),
// which need the pause between the last frame before a worker dies and the first after.

type FrameLog = Record<string, number[]>;

/**
 * Records every presented frame of each remote tile (keyed by its data-testid), timed with
 * Date.now() (the machine's clock, as in Node). A string, not a function: tsx (the benchmarks)
 * wraps named inner functions in a helper the page does not have.
 */
export async function recordFrames(context: BrowserContext): Promise<void> {
  await context.addInitScript({
    content: `(() => {
      const frames = (window.__frames = {});
      const hooked = new WeakSet();
      setInterval(() => {
        for (const video of document.querySelectorAll('[data-testid^="remote-"] video')) {
          if (hooked.has(video)) continue;
          hooked.add(video);
          const label = video.closest('[data-testid^="remote-"]').getAttribute('data-testid');
          const onFrame = () => {
            (frames[label] ??= []).push(Date.now());
            video.requestVideoFrameCallback(onFrame);
          };
          video.requestVideoFrameCallback(onFrame);
        }
      }, 50);
    })();`,
  });
}

/** The longest pause in a tile's pictures ending after `since`, and how many frames came after it. */
export async function pictureGap(page: Page, label: string, since: number): Promise<{ gapMs: number; framesAfter: number }> {
  const times = await page.evaluate((l) => (window as unknown as { __frames: FrameLog }).__frames[l] ?? [], label);
  let gapMs = 0;
  let resumedAt = times.length;
  for (let i = 1; i < times.length; i++) {
    if (times[i]! < since) continue;
    const gap = times[i]! - times[i - 1]!;
    if (gap > gapMs) [gapMs, resumedAt] = [gap, i];
  }
  return { gapMs, framesAfter: times.length - resumedAt };
}

/** Waits until a tile's pictures came back after a pause that ended after `since` (a second of frames after it); returns the pause. */
export async function picturesResume(page: Page, label: string, since: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { gapMs, framesAfter } = await pictureGap(page, label, since);
    if (gapMs > 0 && framesAfter >= 25) return gapMs;
    if (Date.now() > deadline) throw new Error(`the pictures of ${label} did not come back within ${timeoutMs} ms (longest pause ${gapMs} ms, ${framesAfter} frames after it)`);
    await page.waitForTimeout(250);
  }
}
