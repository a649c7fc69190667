// Route order for a mobile clerk's visits without an external map service:
// haversine distances, nearest-neighbour construction, then 2-opt improvement.
// The route is an open path that starts at the depot (town hall) and ends at the last visit.

export interface Point {
  lat: number;
  lon: number;
}

export const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km. */
export function haversineKm(a: Point, b: Point): number {
  const toRad = (d: number) => (d * Math.PI) / 180;
  const dLat = toRad(b.lat - a.lat);
  const dLon = toRad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Length in km of depot → points[order[0]] → points[order[1]] → … */
export function pathKm(depot: Point, points: readonly Point[], order: readonly number[]): number {
  let km = 0;
  let at = depot;
  for (const i of order) {
    const next = points[i]!;
    km += haversineKm(at, next);
    at = next;
  }
  return km;
}

export function nearestNeighbourOrder(depot: Point, points: readonly Point[]): number[] {
  const left = new Set(points.map((_, i) => i));
  const order: number[] = [];
  let at = depot;
  while (left.size > 0) {
    let best = -1;
    let bestKm = Infinity;
    for (const i of left) {
      const km = haversineKm(at, points[i]!);
      if (km < bestKm) {
        bestKm = km;
        best = i;
      }
    }
    order.push(best);
    left.delete(best);
    at = points[best]!;
  }
  return order;
}

/**
 * 2-opt on an open path with a fixed start (the depot): reverse order[i..j] whenever that
 * shortens the path, until no reversal helps. Never returns a longer path than it got.
 */
export function twoOpt(depot: Point, points: readonly Point[], start: readonly number[]): number[] {
  const order = [...start];
  const node = (k: number): Point => (k < 0 ? depot : points[order[k]!]!);
  const n = order.length;
  let improved = true;
  let rounds = 0;
  while (improved && rounds++ < 100) {
    improved = false;
    for (let i = 0; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        // Edges (i-1 → i) and (j → j+1) become (i-1 → j) and (i → j+1); the last edge may not exist.
        const before = haversineKm(node(i - 1), node(i)) + (j + 1 < n ? haversineKm(node(j), node(j + 1)) : 0);
        const after = haversineKm(node(i - 1), node(j)) + (j + 1 < n ? haversineKm(node(i), node(j + 1)) : 0);
        if (after < before - 1e-9) {
          order.splice(i, j - i + 1, ...order.slice(i, j + 1).reverse());
          improved = true;
        }
      }
    }
  }
  return order;
}

export interface Visit extends Point {
  durationMinutes: number;
}

export interface RouteOptions {
  speedKmh: number;
  /** Slack added before each visit: parking, finding the door, setting up the kit. */
  bufferMinutes: number;
}

export interface PlannedStop {
  index: number;
  distanceKmBefore: number;
  travelMinutesBefore: number;
  /** Minutes after the route's start. */
  arriveAfterMinutes: number;
  leaveAfterMinutes: number;
}

export interface PlannedRoute {
  order: number[];
  stops: PlannedStop[];
  totalKm: number;
  /** From leaving the depot to finishing the last visit. */
  totalMinutes: number;
}

export function travelMinutes(km: number, speedKmh: number): number {
  return Math.ceil((km / speedKmh) * 60);
}

/** Times a given visiting order. */
export function timeRoute(depot: Point, visits: readonly Visit[], order: readonly number[], options: RouteOptions): PlannedRoute {
  let at: Point = depot;
  let minutes = 0;
  let totalKm = 0;
  const stops: PlannedStop[] = [];
  for (const i of order) {
    const v = visits[i]!;
    const km = haversineKm(at, v);
    const travel = travelMinutes(km, options.speedKmh);
    const arrive = minutes + travel + options.bufferMinutes;
    const leave = arrive + v.durationMinutes;
    stops.push({ index: i, distanceKmBefore: km, travelMinutesBefore: travel, arriveAfterMinutes: arrive, leaveAfterMinutes: leave });
    totalKm += km;
    minutes = leave;
    at = v;
  }
  return { order: [...order], stops, totalKm, totalMinutes: minutes };
}

/** Nearest neighbour + 2-opt, then timed. */
export function planRoute(depot: Point, visits: readonly Visit[], options: RouteOptions): PlannedRoute {
  const order = twoOpt(depot, visits, nearestNeighbourOrder(depot, visits));
  return timeRoute(depot, visits, order, options);
}
