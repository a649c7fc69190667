import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { haversineKm, nearestNeighbourOrder, pathKm, planRoute, timeRoute, twoOpt, type Point, type Visit } from './routePlanner';

const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/route-visits.json', import.meta.url), 'utf8')) as {
  depot: Point;
  visits: (Visit & { name: string })[];
};

describe('route planner', () => {
  it('haversine: Brussels–Antwerp is about 41 km', () => {
    const km = haversineKm({ lat: 50.8467, lon: 4.3525 }, { lat: 51.2194, lon: 4.4025 });
    expect(km).toBeGreaterThan(41);
    expect(km).toBeLessThan(42);
  });

  it('plans a route no longer than the booking order on a known instance', () => {
    const bookingOrder = fixture.visits.map((_, i) => i);
    const booked = pathKm(fixture.depot, fixture.visits, bookingOrder);
    const planned = planRoute(fixture.depot, fixture.visits, { speedKmh: 30, bufferMinutes: 5 });
    expect(planned.totalKm).toBeLessThanOrEqual(booked);
    // The zig-zag booking order is far from optimal: the plan saves at least a quarter.
    expect(planned.totalKm).toBeLessThan(booked * 0.75);
    expect([...planned.order].sort()).toEqual(bookingOrder);
  });

  it('2-opt removes a crossing that nearest neighbour leaves', () => {
    // Points on a line east of the depot plus one far north: NN goes 0,1,2 then jumps; 2-opt can only help.
    const depot = { lat: 0, lon: 0 };
    const pts = [
      { lat: 0, lon: 0.01 },
      { lat: 0, lon: 0.03 },
      { lat: 0.02, lon: 0.0 },
      { lat: 0, lon: 0.02 },
    ];
    const nn = nearestNeighbourOrder(depot, pts);
    const improved = twoOpt(depot, pts, nn);
    expect(pathKm(depot, pts, improved)).toBeLessThanOrEqual(pathKm(depot, pts, nn));
    // A deliberately crossed order gets untangled.
    const crossed = [1, 0, 3, 2];
    expect(pathKm(depot, pts, twoOpt(depot, pts, crossed))).toBeLessThan(pathKm(depot, pts, crossed));
  });

  it('times the route with speed and buffers', () => {
    const depot = { lat: 0, lon: 0 };
    // 0.1° of longitude at the equator ≈ 11.1 km → 23 minutes at 30 km/h (rounded up).
    const visits = [{ lat: 0, lon: 0.1, durationMinutes: 30 }];
    const r = timeRoute(depot, visits, [0], { speedKmh: 30, bufferMinutes: 10 });
    expect(r.stops[0]!.travelMinutesBefore).toBe(23);
    expect(r.stops[0]!.arriveAfterMinutes).toBe(33);
    expect(r.totalMinutes).toBe(63);
  });

  it('handles no visits', () => {
    expect(planRoute({ lat: 0, lon: 0 }, [], { speedKmh: 30, bufferMinutes: 5 })).toMatchObject({ order: [], totalKm: 0, totalMinutes: 0 });
  });
});
