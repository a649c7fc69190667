import { EventEmitter } from 'node:events';
// Same shape as @videoloket/sfu TypedEmitter (not exported there); move to a shared package when one exists.

/** Event name → listener argument tuple. */
export type EventMap = Record<string, unknown[]>;

/**
 * EventEmitter whose event names and payloads are checked at compile time,
 * like mediasoup's EnhancedEventEmitter. A listener that throws is logged by
 * the caller's `error` handler instead of breaking the emitter's state
 * machine: see safeEmit().
 */
export class TypedEmitter<E extends EventMap> {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Many signalling handlers may listen to one room; that is not a leak.
    this.#emitter.setMaxListeners(Infinity);
  }

  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  listenerCount<K extends keyof E & string>(event: K): number {
    return this.#emitter.listenerCount(event);
  }

  /**
   * Emits to every listener; an exception in one listener is reported through
   * `onListenerError` and does not stop the others or unwind our caller
   * (which is usually a mediasoup callback in the middle of cleanup).
   */
  protected safeEmit<K extends keyof E & string>(
    event: K,
    args: E[K],
    onListenerError: (error: unknown, event: string) => void,
  ): void {
    // rawListeners() keeps once() wrappers, which remove themselves when called.
    for (const listener of this.#emitter.rawListeners(event)) {
      try {
        (listener as (...a: unknown[]) => void)(...args);
      } catch (error) {
        onListenerError(error, event);
      }
    }
  }
}
