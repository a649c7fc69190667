import type { Logger } from 'pino';
import type { Dialog } from './Dialog';
import type { SipHeaders } from './message';
import type { SipUserAgent } from './UserAgent';

// RFC 4028 session timers, so a dialog whose far end vanished (no BYE: a
// crashed phone, a dropped trunk link) does not stay up for ever.
// - We refresh (refresher 'local'): a re-INVITE with our SDP every half
//   interval (§10). No final answer before the session would expire, or
//   408/481, ends the session: BYE and 'session-expired' (§10).
// - The far end refreshes ('remote'): no refresh by interval − min(32 s,
//   interval/3) ends it the same way (§10).

export type Refresher = 'local' | 'remote';

/** Session-Expires: <seconds>[;refresher=uac|uas] (RFC 4028 §4). */
export function parseSessionExpires(value: string | undefined): { seconds: number; refresher?: 'uac' | 'uas' } | undefined {
  const m = /^\s*(\d+)\s*(?:;(.*))?$/.exec(value ?? '');
  if (!m) return undefined;
  const refresher = /refresher\s*=\s*(uac|uas)/i.exec(m[2] ?? '')?.[1]?.toLowerCase() as 'uac' | 'uas' | undefined;
  return { seconds: Number(m[1]), ...(refresher ? { refresher } : {}) };
}

export class SessionTimer {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #onRefreshed = () => {
    if (this.refresher === 'remote') this.#schedule();
  };

  constructor(
    private readonly ua: SipUserAgent,
    private readonly dialog: Dialog,
    private intervalS: number,
    readonly refresher: Refresher,
    private readonly log: Logger,
  ) {
    dialog.on('refreshed', this.#onRefreshed);
    dialog.once('terminated', () => this.stop());
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.dialog.off('refreshed', this.#onRefreshed);
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (this.#stopped) return;
    if (this.refresher === 'local') {
      this.#timer = setTimeout(() => void this.#refresh(), (this.intervalS * 1000) / 2);
    } else {
      const grace = Math.min(32, this.intervalS / 3);
      this.#timer = setTimeout(() => this.#expire('no refresh from the far end'), (this.intervalS - grace) * 1000);
    }
    this.#timer.unref();
  }

  async #refresh(): Promise<void> {
    if (this.#stopped || this.dialog.terminated) return;
    // What is left of the session is the time the refresh may take.
    const response = await this.ua.reinvite(
      this.dialog,
      (h: SipHeaders) => h.append('Session-Expires', `${this.intervalS};refresher=uac`).append('Supported', 'timer'),
      (this.intervalS * 1000) / 2,
    );
    if (this.#stopped || this.dialog.terminated) return;
    if (!response || response.status === 408 || response.status === 481) {
      this.#expire(response ? `refresh answered ${response.status}` : 'refresh unanswered');
      return;
    }
    if (response.status === 422) {
      // §6: the far end wants a longer interval (Min-SE); take it and refresh right away.
      const min = parseInt(response.headers.get('min-se') ?? '', 10);
      if (Number.isFinite(min) && min > this.intervalS) this.intervalS = min;
      this.#timer = setTimeout(() => void this.#refresh(), 0);
      return;
    }
    // 2xx refreshed it; any other error (e.g. 491 glare) leaves the session as it was: try again next half.
    this.#schedule();
  }

  #expire(why: string): void {
    if (this.#stopped || this.dialog.terminated) return;
    this.log.warn({ callId: this.dialog.callId, why }, 'SIP session expired (RFC 4028)');
    this.stop();
    // The dialog's owner learns it from 'terminated'; the BYE is a courtesy to a far end that may be gone.
    this.dialog.terminate('session-expired');
    void this.ua.sendInDialogRequest(this.dialog, 'BYE');
  }
}
