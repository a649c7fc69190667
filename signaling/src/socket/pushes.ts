import type { CallMediaHub } from '../call/CallMediaHub';
import type { CounterSession } from '../call/CounterSession';
import type { VideoloketServer } from './types';

export const callRoom = (callId: string) => `call:${callId}`;

/**
 * Turns one session's state changes into pushes to its connected participants. Each
 * connection gets its own view (a waiting citizen sees less than the clerk).
 */
export function wireSessionPushes(io: VideoloketServer, session: CounterSession, hub: CallMediaHub): void {
  let statePending = false;
  session.on('changed', () => {
    // Coalesce the bursts of changes one action causes (join + producer + …) into one push.
    if (statePending) return;
    statePending = true;
    queueMicrotask(() => {
      statePending = false;
      for (const seat of session.connectedSeats()) io.to(seat.connectionId!).emit('call:state', session.view(seat));
    });
  });

  session.on('admitted', (seat) => {
    if (!seat.connectionId) return;
    io.to(seat.connectionId).emit('call:admitted', { routerRtpCapabilities: hub.get(session.callId).routerRtpCapabilities() });
  });

  session.on('seatRemoved', (seat, reason) => {
    hub.find(session.callId)?.closePeer(seat.participantId);
    if (!seat.connectionId) return;
    if (reason === 'refused' || reason === 'removed') io.to(seat.connectionId).emit('call:refused', { reason });
    io.in(seat.connectionId).disconnectSockets(true);
  });

  session.on('linkWithdrawn', (linkId) => {
    // Connections that opened the link but hold no seat (never joined, or stopped by a cap):
    // the handshake refuses the link from now on, so close these too.
    void io
      .in(callRoom(session.callId))
      .fetchSockets()
      .then((sockets) => {
        for (const s of sockets) if (s.data.identity.role !== 'clerk' && s.data.identity.linkId === linkId) s.disconnect(true);
      });
  });

  session.on('chat', (message) => {
    for (const seat of session.connectedSeats()) {
      if (seat.status === 'admitted') io.to(seat.connectionId!).emit('chat:message', message);
    }
  });

  session.on('ended', () => {
    io.to(callRoom(session.callId)).emit('call:ended', { reason: 'ended-by-clerk' });
  });

  session.on('close', () => {
    hub.close(session.callId);
    // The clerk's call:end acknowledgement is sent after the handler returns, a few
    // microtasks from now: closing the sockets at once dropped it (issue 9, finding 9).
    // setImmediate runs after those microtasks, and a closing socket flushes what it has queued.
    setImmediate(() => io.in(callRoom(session.callId)).disconnectSockets(true));
  });
}

/** Media events of a call, to the participant(s) concerned. */
export function wireMediaPushes(io: VideoloketServer, hub: CallMediaHub, sessionOf: (callId: string) => CounterSession | undefined): void {
  hub.on('consumerClosed', (callId, e) => {
    const seat = sessionOf(callId)?.seat(e.participantId);
    if (seat?.connectionId) io.to(seat.connectionId).emit('media:consumerClosed', { consumerId: e.consumerId, producerId: e.producerId });
  });
  hub.on('activeSpeaker', (callId, e) => {
    const session = sessionOf(callId);
    for (const seat of session?.connectedSeats() ?? []) {
      if (seat.status === 'admitted') io.to(seat.connectionId!).emit('media:activeSpeaker', e);
    }
  });
  hub.on('restarted', (callId, e) => {
    const session = sessionOf(callId);
    for (const seat of session?.connectedSeats() ?? []) {
      seat.producers.clear();
      if (seat.status === 'admitted') io.to(seat.connectionId!).emit('media:restart', e);
    }
  });
}
