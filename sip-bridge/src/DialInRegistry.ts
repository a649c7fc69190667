import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import type { BridgeRoom } from './media/RoomAudio';
import type { ResolvedSipBridgeOptions } from './options';
import type { DialIn, DialInOptions } from './TelephonyAdapter';

export interface DialInEntry {
  room: BridgeRoom;
  extension: string;
  pin: string;
  wrongPins: number;
  closed: boolean;
}

const FAILURE_WINDOW_MS = 10 * 60_000;
const EXTENSION_DIGITS = 6;

/**
 * Per-call dial-in extensions with PINs, and the per-source failure counter
 * that rate-limits guessing. A dial-in lives only while its call's room is
 * open, until its TTL, or until too many wrong PINs lock it.
 */
export class DialInRegistry {
  readonly #byExtension = new Map<string, DialInEntry & { dispose: () => void }>();
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly options: ResolvedSipBridgeOptions,
    private readonly log: Logger,
  ) {}

  open(room: BridgeRoom, host: string, options: DialInOptions): DialIn {
    // One dial-in per call: reopening replaces the old extension and PIN.
    for (const e of this.#byExtension.values()) if (e.room === room) e.dispose();
    let extension = randomDigits(EXTENSION_DIGITS);
    while (this.#byExtension.has(extension)) extension = randomDigits(EXTENSION_DIGITS);
    const pin = randomDigits(this.options.pinLength);
    const expiresAt = options.ttlMs ? Date.now() + options.ttlMs : undefined;
    const timer = options.ttlMs ? setTimeout(() => dispose(), options.ttlMs) : undefined;
    timer?.unref();
    const onRoomClose = () => dispose();
    const entry = { room, extension, pin, wrongPins: 0, closed: false, dispose: () => dispose() };
    const dispose = () => {
      if (entry.closed) return;
      entry.closed = true;
      clearTimeout(timer);
      room.off('close', onRoomClose);
      if (this.#byExtension.get(extension) === entry) this.#byExtension.delete(extension);
      this.log.info({ callId: room.callId, extension }, 'dial-in closed');
    };
    room.on('close', onRoomClose);
    this.#byExtension.set(extension, entry);
    this.log.info({ callId: room.callId, extension }, 'dial-in opened'); // never the PIN
    return {
      callId: room.callId,
      extension,
      pin,
      uri: `sip:${extension}@${host}`,
      ...(expiresAt ? { expiresAt } : {}),
      close: dispose,
    };
  }

  find(extension: string): DialInEntry | undefined {
    const entry = this.#byExtension.get(extension);
    return entry && !entry.closed ? entry : undefined;
  }

  /** Counts a wrong PIN; returns true when the dial-in is now locked (closed). */
  wrongPin(entry: DialInEntry): boolean {
    entry.wrongPins++;
    if (entry.wrongPins >= this.options.maxPinAttempts) {
      this.#byExtension.get(entry.extension)?.dispose();
      return true;
    }
    return false;
  }

  recordFailure(source: string): void {
    const now = Date.now();
    const list = (this.#failures.get(source) ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
    list.push(now);
    this.#failures.set(source, list);
  }

  blocked(source: string): boolean {
    const now = Date.now();
    const list = (this.#failures.get(source) ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
    if (list.length === 0) this.#failures.delete(source);
    else this.#failures.set(source, list);
    return list.length >= this.options.maxFailuresPerSource;
  }

  closeAll(): void {
    for (const e of [...this.#byExtension.values()]) e.dispose();
  }
}

/** Random digits for extensions and PINs (crypto RNG, leading zeros allowed). */
export function randomDigits(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(randomInt(0, 10));
  return out;
}
