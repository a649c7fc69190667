import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { CallSession } from '../call-session';
import { DocumentStore } from './store';

/** The call's documents for a component: follows them while admitted, refreshes after a rejoin. */
export function useDocuments(session: CallSession, callId: string | undefined, httpToken: string | undefined) {
  const store = useMemo(() => new DocumentStore(session), [session]);
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  // A new httpToken means a new join (reconnect): the list may have changed meanwhile.
  useEffect(() => {
    if (callId && httpToken) void store.start(callId);
  }, [store, callId, httpToken]);
  useEffect(() => () => store.stop(), [store]);
  return { store, state };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
