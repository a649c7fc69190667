/** What placement needs to know about a worker. */
export interface WorkerLoad {
  index: number;
  /** Rooms (routers) hosted. */
  rooms: number;
  /** Producers + consumers across those rooms: what actually costs CPU. */
  streams: number;
}

/**
 * Picks the worker for a new room: fewest streams, then fewest rooms (so
 * empty rooms created back to back spread out), then lowest index. Pure.
 * Returns undefined when there is no worker.
 */
export function pickLeastLoaded<T extends WorkerLoad>(workers: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const w of workers) {
    if (
      best === undefined ||
      w.streams < best.streams ||
      (w.streams === best.streams && w.rooms < best.rooms) ||
      (w.streams === best.streams && w.rooms === best.rooms && w.index < best.index)
    ) {
      best = w;
    }
  }
  return best;
}
