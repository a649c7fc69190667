// Where the case window goes (issue 12 item 1): on another screen when the Window Management
// API is there and the clerk has granted it, otherwise a plain second window the clerk drags
// where they like. The window's name makes a second click focus the same window.

interface ScreenArea {
  availLeft: number;
  availTop: number;
  availWidth: number;
  availHeight: number;
}
interface ScreenDetailsLike {
  screens: ScreenArea[];
  currentScreen: ScreenArea;
}
type WindowWithScreens = Window & { getScreenDetails?: () => Promise<ScreenDetailsLike> };

export const caseWindowName = (callId: string) => `videoloket-case-${callId}`;
export const caseWindowUrl = (callId: string) => `${location.pathname}#/case/${callId}`;

/** Does this machine show more than one screen? (false where the browser cannot tell) */
export function hasSecondScreen(): boolean {
  return (screen as Screen & { isExtended?: boolean }).isExtended === true;
}

/** Opens (or focuses) the case window of `callId`; null when the browser blocked it. */
export async function openCaseWindow(callId: string): Promise<Window | null> {
  let features = 'popup,width=1280,height=800';
  const other = await otherScreen();
  if (other) features = `popup,left=${other.availLeft},top=${other.availTop},width=${other.availWidth},height=${other.availHeight}`;
  const opened = window.open(caseWindowUrl(callId), caseWindowName(callId), features);
  opened?.focus();
  return opened;
}

/** The first screen that is not this window's, when the clerk has granted window management. */
async function otherScreen(): Promise<ScreenArea | undefined> {
  const w = window as WindowWithScreens;
  if (!w.getScreenDetails || !hasSecondScreen()) return undefined;
  try {
    // Asked only when granted: a permission prompt here would eat the click's user activation.
    const permission = await navigator.permissions.query({ name: 'window-management' as PermissionName });
    if (permission.state !== 'granted') return undefined;
    const details = await w.getScreenDetails();
    return details.screens.find((s) => s !== details.currentScreen);
  } catch {
    return undefined;
  }
}
