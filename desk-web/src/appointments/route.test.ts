import { describe, expect, it } from 'vitest';
import { deskSectionHash, deskSectionOf } from './route';

describe('desk back-office routes', () => {
  it('reads the appointments, mobile-counter, deliveries, past-calls, settings, supervisor and impact fragments and writes them back', () => {
    for (const hash of ['#/afspraken', '#/afspraken/2026-11-23', '#/mobiel', '#/mobiel/clerk-mobile-els', '#/mobiel/clerk-mobile-els/2026-11-24', '#/leveringen', '#/leveringen/clerk-mobile-els/2026-11-24', '#/historiek', '#/instellingen', '#/toezicht', '#/impact', '#/impact/2026-02-01/2026-02-28']) {
      const route = deskSectionOf(hash);
      expect(route, hash).toBeDefined();
      expect(deskSectionHash(route!)).toBe(hash);
    }
    expect(deskSectionOf('#/mobiel/clerk-mobile-els/2026-11-24')).toEqual({ view: 'mobile', clerkId: 'clerk-mobile-els', date: '2026-11-24' });
  });

  it('leaves other fragments to the calls views', () => {
    expect(deskSectionOf('')).toBeUndefined();
    expect(deskSectionOf('#/call/abc')).toBeUndefined();
    expect(deskSectionOf('#/afspraken/23-11-2026')).toBeUndefined();
    expect(deskSectionOf('#/mobiel/../../x')).toBeUndefined();
    expect(deskSectionOf('#/historiek/x')).toBeUndefined();
    expect(deskSectionOf('#/instellingen/x')).toBeUndefined();
    expect(deskSectionOf('#/impact/2026-02-01')).toBeUndefined();
  });
});
