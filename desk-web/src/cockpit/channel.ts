import { useCallback, useEffect, useRef, useState } from 'react';
import { z } from 'zod';

// The cockpit's two windows (issue 12 item 1) share UI state through a BroadcastChannel per
// call: the selected document and what the case window knows of the case. (The open form is
// the server's: both windows get form:state.) A window that opens says hello and the other
// answers with what it has, so either recovers when the other is closed and reopened.

export type CockpitWindow = 'call' | 'case';

const CaseSummary = z.strictObject({ reference: z.string().max(100), status: z.string().max(60) });
export type CaseSummary = z.infer<typeof CaseSummary>;

const SharedState = z.strictObject({
  selectedDocumentId: z.string().max(100).optional(),
  /** The case of the call as the case window last loaded it. */
  caseSummary: CaseSummary.optional(),
});
export type SharedState = z.infer<typeof SharedState>;

const Message = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('hello'), from: z.enum(['call', 'case']) }),
  z.strictObject({ kind: z.literal('state'), from: z.enum(['call', 'case']), state: SharedState }),
  z.strictObject({ kind: z.literal('bye'), from: z.enum(['call', 'case']) }),
]);
type Message = z.infer<typeof Message>;

export const cockpitChannelName = (callId: string) => `videoloket-cockpit-${callId}`;

export interface CockpitSync {
  shared: SharedState;
  update(patch: SharedState): void;
  /** The other window is open (it said hello or answered since it last said bye). */
  peerOpen: boolean;
}

/** This window's end of the cockpit channel of `callId`. */
export function useCockpitSync(callId: string, self: CockpitWindow): CockpitSync {
  const [shared, setShared] = useState<SharedState>({});
  const [peerOpen, setPeerOpen] = useState(false);
  const channel = useRef<BroadcastChannel | undefined>(undefined);
  const current = useRef<SharedState>({});

  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const ch = new BroadcastChannel(cockpitChannelName(callId));
    channel.current = ch;
    const post = (m: Message) => ch.postMessage(m);
    ch.onmessage = (event: MessageEvent) => {
      const parsed = Message.safeParse(event.data);
      if (!parsed.success || parsed.data.from === self) return;
      const m = parsed.data;
      if (m.kind === 'bye') return setPeerOpen(false);
      setPeerOpen(true);
      if (m.kind === 'hello') return post({ kind: 'state', from: self, state: current.current });
      current.current = { ...current.current, ...m.state };
      setShared(current.current);
    };
    post({ kind: 'hello', from: self });
    const bye = () => post({ kind: 'bye', from: self });
    window.addEventListener('pagehide', bye);
    return () => {
      window.removeEventListener('pagehide', bye);
      bye();
      ch.close();
      channel.current = undefined;
    };
  }, [callId, self]);

  const update = useCallback(
    (patch: SharedState) => {
      current.current = { ...current.current, ...patch };
      setShared(current.current);
      channel.current?.postMessage({ kind: 'state', from: self, state: current.current } satisfies Message);
    },
    [self],
  );

  return { shared, update, peerOpen };
}
