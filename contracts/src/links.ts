// The citizen-facing URLs, built and read in one place: the server puts them in answers,
// mails and calendar invites; citizen-web reads them back from the address bar. No zod here,
// so pages that only read a link do not bundle it.

const trimmed = (base: string) => base.replace(/\/+$/, '');

/** A private-link token as the back office makes them (base64url, 20…128 characters). */
const TOKEN = '([A-Za-z0-9_-]{20,128})';

export const citizenLinks = {
  /** The call page; the token rides in the fragment, so browsers never send it to a server or in a Referer. */
  call: (base: string, token: string) => `${trimmed(base)}/call/#t=${token}`,
  /** The booking page, optionally for a proactive invitation's code. */
  booking: (base: string, invitationCode?: string) => `${trimmed(base)}/afspraak-maken${invitationCode ? `?code=${encodeURIComponent(invitationCode)}` : ''}`,
  /** The private page to reschedule or cancel an appointment. */
  manage: (base: string, token: string) => `${trimmed(base)}/afspraak/${token}`,
  /** The private page to follow a case (dossier). */
  status: (base: string, token: string) => `${trimmed(base)}/dossier/${token}`,
} as const;

/** The call link's token from the page's fragment (`#t=…`), if any. */
export function callTokenOf(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('t') ?? undefined;
}

/** How the government login ended, on the booking page it returned to (`?login=`). */
export type LoginReturn = 'ok' | 'cancelled' | 'failed';
const LOGIN_RETURNS: readonly string[] = ['ok', 'cancelled', 'failed'] satisfies LoginReturn[];

export type CitizenPage = { page: 'book'; code?: string; login?: LoginReturn } | { page: 'manage'; token: string } | { page: 'status'; token: string } | { page: 'invalid' };

/** Which booking page a path (from a mail link) opens, or undefined for the call app. */
export function citizenPageOf(pathname: string, search: string): CitizenPage | undefined {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/afspraak-maken') {
    const params = new URLSearchParams(search);
    const code = params.get('code')?.trim();
    const login = params.get('login') ?? '';
    return { page: 'book', ...(code && code.length <= 20 ? { code } : {}), ...(LOGIN_RETURNS.includes(login) ? { login: login as LoginReturn } : {}) };
  }
  const manage = new RegExp(`^/afspraak/${TOKEN}$`).exec(path);
  if (manage) return { page: 'manage', token: manage[1]! };
  const status = new RegExp(`^/dossier/${TOKEN}$`).exec(path);
  if (status) return { page: 'status', token: status[1]! };
  // A mangled private link still lands on a page that says so rather than on the call page.
  if (/^\/(afspraak|dossier)\//.test(path)) return { page: 'invalid' };
  return undefined;
}
