import { useState } from 'react';
import { safeStorage } from '../audio/storage';
import { hasSecondScreen } from './openCaseWindow';

// One screen: the case sits beside the call in one window; two screens: each has its own.
// The clerk's choice (the layout toggle) is remembered per clerk account.

export type CockpitLayout = 'side' | 'call';

/** Wide enough for video, the rail and the case side by side. */
const SIDE_BY_SIDE_MIN_WIDTH = 1600;

const key = (clerkId: string) => `videoloket:desk:cockpit-layout:${clerkId}`;

export function useCockpitLayout(clerkId: string): [CockpitLayout, (layout: CockpitLayout) => void] {
  const [layout, setLayout] = useState<CockpitLayout>(() => {
    const stored = safeStorage()?.getItem(key(clerkId));
    if (stored === 'side' || stored === 'call') return stored;
    return !hasSecondScreen() && window.innerWidth >= SIDE_BY_SIDE_MIN_WIDTH ? 'side' : 'call';
  });
  const choose = (next: CockpitLayout) => {
    safeStorage()?.setItem(key(clerkId), next);
    setLayout(next);
  };
  return [layout, choose];
}
