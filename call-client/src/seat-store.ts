// Seat keys: the `resumeKey` from `call:join`, kept per call so a reload, a reopened tab or
// a new network returns to the same seat (docs/call-protocol.md, "Seats": "The browser keeps
// `resumeKey` in `localStorage` under `videoloket:seat:<callId>`").

export interface StoredSeat {
  resumeKey: string;
  displayName?: string;
  /** Device choices, so a rejoin after reload skips the device check. */
  devices?: { audioInput?: string; videoInput?: string; audioOutput?: string };
  /**
   * The clerk ended the call: the key stays, with the link it proves this browser was the
   * admitted seat, so reopening the link shows the call's documents (issue 17).
   */
  ended?: boolean;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = 'videoloket:seat:';

export class SeatStore {
  constructor(private readonly storage: KeyValueStore | undefined = safeLocalStorage()) {}

  get(callId: string): StoredSeat | undefined {
    const raw = this.read(PREFIX + callId);
    if (!raw) return undefined;
    try {
      const seat = JSON.parse(raw) as StoredSeat;
      return typeof seat.resumeKey === 'string' ? seat : undefined;
    } catch {
      // An older build stored the bare key.
      return { resumeKey: raw };
    }
  }

  set(callId: string, seat: StoredSeat): void {
    try {
      this.storage?.setItem(PREFIX + callId, JSON.stringify(seat));
    } catch {
      // Private mode or a full quota: the call still works, only a reload loses the seat.
    }
  }

  remove(callId: string): void {
    try {
      this.storage?.removeItem(PREFIX + callId);
    } catch {
      /* see set() */
    }
  }

  private read(key: string): string | null {
    try {
      return this.storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }
}

function safeLocalStorage(): KeyValueStore | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The call id a link token is bound to, read from the JWT payload without verifying it
 * (the server verifies; we only need a storage key before the first join answers).
 * Falls back to a key derived from the token itself.
 */
export function seatKeyForLinkToken(token: string): string {
  const claims = readTokenClaims(token);
  for (const claim of ['call', 'callId']) {
    const v = claims[claim];
    if (typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v)) return v;
  }
  return 'link-' + token.slice(-24).replace(/[^A-Za-z0-9_-]/g, '');
}

/** The name the clerk typed for this invitee (claim `name`), to prefill the device check. */
export function suggestedNameFromLinkToken(token: string): string | undefined {
  const name = readTokenClaims(token).name;
  return typeof name === 'string' && name.length <= 80 ? name : undefined;
}

function readTokenClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    const bin = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const json: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    return json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  } catch {
    return {}; // not a JWT we can read
  }
}
