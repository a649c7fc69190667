import { describe, expect, it } from 'vitest';
import type { Principal } from '@videoloket/contracts';
import { canList, canManage, canRead, canUpload, type VisibilityFacts } from './policy';

const clerk: Principal = { role: 'clerk', participantId: 'clerk-1', displayName: 'Clerk' };
const citizen: Principal = { role: 'citizen', participantId: 'cit-1', displayName: 'Citizen', callId: 'A' };
const interpreter: Principal = { role: 'interpreter', participantId: 'int-1', displayName: 'Tolk', callId: 'A' };
const partner: Principal = { role: 'citizen', participantId: 'cit-3', displayName: 'Partner', callId: 'A' };
const otherCall: Principal = { role: 'citizen', participantId: 'cit-2', displayName: 'Other', callId: 'B' };

const doc = (over: Partial<VisibilityFacts> = {}): VisibilityFacts => ({
  callId: 'A',
  state: 'ready',
  uploadedBy: { participantId: 'cit-1', role: 'citizen' },
  sharedWith: [],
  ...over,
});

describe('document visibility', () => {
  it('clerk and citizen read ready documents of their call; the other call reads nothing', () => {
    expect(canRead(clerk, doc())).toBe(true);
    expect(canRead(citizen, doc())).toBe(true);
    expect(canRead(citizen, doc({ uploadedBy: { participantId: 'clerk-1', role: 'clerk' } }))).toBe(true);
    expect(canRead(otherCall, doc())).toBe(false);
    expect(canList(otherCall, doc())).toBe(false);
  });

  it('nobody reads before a clean scan, but clerk and uploader follow the state', () => {
    for (const state of ['uploading', 'scanning', 'held', 'refused'] as const) {
      expect(canRead(clerk, doc({ state }))).toBe(false);
      expect(canRead(citizen, doc({ state }))).toBe(false);
      expect(canList(clerk, doc({ state }))).toBe(true);
      expect(canList(citizen, doc({ state }))).toBe(true);
    }
    expect(canList(citizen, doc({ state: 'scanning', uploadedBy: { participantId: 'clerk-1', role: 'clerk' } }))).toBe(false);
  });

  it("a second citizen seat of the same call (a partner, another device) does not see the first one's uploads unless the clerk shares them", () => {
    expect(canList(partner, doc())).toBe(false);
    expect(canRead(partner, doc())).toBe(false);
    expect(canRead(partner, doc({ sharedWith: ['cit-3'] }))).toBe(true);
    expect(canRead(partner, doc({ sharedWith: ['int-1'] }))).toBe(false);
    // What the clerk hands over goes to every citizen seat the clerk admitted.
    expect(canRead(partner, doc({ uploadedBy: { participantId: 'clerk-1', role: 'clerk' } }))).toBe(true);
  });

  it('an interpreter sees only what the clerk shared', () => {
    expect(canList(interpreter, doc())).toBe(false);
    expect(canRead(interpreter, doc())).toBe(false);
    expect(canRead(interpreter, doc({ sharedWith: ['int-1'] }))).toBe(true);
    expect(canUpload(interpreter, 'A')).toBe(false);
  });

  it('only the clerk manages; deleted documents are invisible', () => {
    expect(canManage(clerk, doc())).toBe(true);
    expect(canManage(citizen, doc())).toBe(false);
    expect(canList(clerk, doc({ state: 'deleted' }))).toBe(false);
  });
});
