/** Event name → listener argument tuple. */
export type EventMap = Record<string, unknown[]>;

/**
 * The project's one event emitter: event names and payloads are checked at compile time,
 * and emitting is safe the way mediasoup's EnhancedEventEmitter.safeEmit is — a listener
 * that throws is reported through listenerFailed() (subclasses log it) and never stops the
 * listeners after it nor unwinds the code that emitted (often a cleanup half-way through).
 * No Node.js imports, so every package (and a browser bundle) can use it.
 */
export class TypedEmitter<E extends EventMap> {
  // Listeners are stored untyped; on()/emit() keep each event's payload type.
  readonly #listeners = new Map<keyof E, { fn: unknown; once: boolean }[]>();

  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    return this.#add(event, listener, false);
  }

  once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    return this.#add(event, listener, true);
  }

  off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    const list = this.#listeners.get(event);
    const i = list?.findIndex((l) => l.fn === listener) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
    return this;
  }

  listenerCount<K extends keyof E & string>(event: K): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }

  /** Calls every listener of `event` in order; see the class comment for throwing listeners. */
  protected emit<K extends keyof E & string>(event: K, ...args: E[K]): void {
    // A copy: listeners may add or remove listeners while we go.
    for (const entry of [...(this.#listeners.get(event) ?? [])]) {
      const listener = entry.fn as (...a: E[K]) => void;
      if (entry.once) this.off(event, listener);
      try {
        listener(...args);
      } catch (error) {
        this.listenerFailed(error, event);
      }
    }
  }

  /** A listener threw. Subclasses with a logger log it; this default only writes to stderr. */
  protected listenerFailed(error: unknown, event: string): void {
    console.error(`listener of "${event}" threw`, error);
  }

  #add(event: keyof E, fn: unknown, once: boolean): this {
    const list = this.#listeners.get(event) ?? [];
    list.push({ fn, once });
    this.#listeners.set(event, list);
    return this;
  }
}
