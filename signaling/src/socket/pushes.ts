import type { Logger } from 'pino';
import type { DocumentService } from '@videoloket/storage';
import type { Call } from '../call/Call';
import type { CallRegistry } from '../call/CallRegistry';
import { connectionsOf } from '../call/Seat';
import type { VideoloketServer } from './types';

// The one layer that turns domain events into Socket.IO pushes, one function per feature.
// Who receives what is the call's CallAudience's answer, never worked out here. A clerk's
// case window (Seat.observerConnectionId) gets what the clerk sees and reads — state, chat,
// documents, forms — but nothing about media, which is the call window's alone.

export const callRoom = (callId: string) => `call:${callId}`;

/** Every push of a call, wired once when the registry creates it. */
export function wireCallPushes(io: VideoloketServer, registry: CallRegistry, log: Logger): void {
  registry.on('created', (call) => {
    wireSeatPushes(io, call, log);
    wireMediaPushes(io, call);
    wireFormPushes(io, call);
  });
}

/** Seats, waiting room, chat and the end: each connection gets its own view of the call. */
function wireSeatPushes(io: VideoloketServer, call: Call, log: Logger): void {
  const { session, audience } = call;
  let statePending = false;
  const pushState = () => {
    // Coalesce the bursts of changes one action causes (join + producer + …) into one push.
    if (statePending) return;
    statePending = true;
    queueMicrotask(() => {
      statePending = false;
      for (const seat of audience.connected()) io.to(connectionsOf(seat)).emit('call:state', audience.view(seat));
    });
  };
  session.on('changed', pushState);
  call.media.on('producersChanged', pushState);

  session.on('replaced', (connectionId) => {
    io.to(connectionId).emit('call:replaced', {});
    io.in(connectionId).disconnectSockets(true);
  });

  session.on('admitted', (seat) => {
    if (!seat.connectionId) return;
    io.to(seat.connectionId).emit('call:admitted', { routerRtpCapabilities: call.media.routerRtpCapabilities() });
  });

  session.on('seatRemoved', (seat, reason) => {
    if (!seat.connectionId) return;
    if (reason === 'refused' || reason === 'removed') io.to(seat.connectionId).emit('call:refused', { reason });
    // A seat that left asked for it with call:leave, whose acknowledgement goes out after the
    // handler returns: close after it (as for call:end below), or the leaver never hears "left".
    const connectionId = seat.connectionId;
    setImmediate(() => io.in(connectionId).disconnectSockets(true));
  });

  session.on('linkWithdrawn', (linkId) => {
    // Connections that opened the link but hold no seat (never joined, or stopped by a cap):
    // the handshake refuses the link from now on, so close these too.
    void io
      .in(callRoom(call.id))
      .fetchSockets()
      .then((sockets) => {
        for (const s of sockets) if (s.data.identity.role !== 'clerk' && s.data.identity.linkId === linkId) s.disconnect(true);
      })
      // Across nodes (Redis adapter) a node that died makes this time out; the handshake still refuses the link.
      .catch((error: unknown) => log.warn({ err: error, callId: call.id }, 'could not close the connections of a withdrawn link'));
  });

  session.on('chat', (message) => {
    for (const seat of audience.admitted()) io.to(connectionsOf(seat)).emit('chat:message', message);
  });

  session.on('chatShared', (seat, messages) => {
    if (seat.connectionId) io.to(seat.connectionId).emit('chat:history', { messages });
  });

  call.on('ended', (reason) => {
    io.to(callRoom(call.id)).emit('call:ended', { reason });
    // The clerk's call:end acknowledgement is sent after the handler returns, a few
    // microtasks from now: closing the sockets at once dropped it (issue 9, finding 9).
    // setImmediate runs after those microtasks, and a closing socket flushes what it has queued.
    setImmediate(() => io.in(callRoom(call.id)).disconnectSockets(true));
  });
}

/** Media events of a call, to the participant(s) concerned. */
function wireMediaPushes(io: VideoloketServer, call: Call): void {
  const { media, session, audience } = call;
  media.on('consumerClosed', (e) => {
    const seat = session.seat(e.participantId);
    if (seat?.connectionId) io.to(seat.connectionId).emit('media:consumerClosed', { consumerId: e.consumerId, producerId: e.producerId });
  });
  media.on('activeSpeaker', (e) => {
    for (const seat of audience.admitted()) if (seat.connectionId) io.to(seat.connectionId).emit('media:activeSpeaker', e);
  });
  media.on('encodingWanted', ({ participantId, ...wanted }) => {
    const seat = session.seat(participantId);
    if (seat?.connectionId) io.to(seat.connectionId).emit('media:encodingWanted', wanted);
  });
  media.on('restarted', (e) => {
    // Waiting seats too: the transport pair they made while waiting went with the old worker.
    for (const seat of audience.connected()) if (seat.connectionId) io.to(seat.connectionId).emit('media:restart', e);
  });
}

/** The form: its state to the parties, a signature request to the one asked. */
function wireFormPushes(io: VideoloketServer, call: Call): void {
  call.forms.on('state', (state) => {
    for (const seat of call.audience.formParties()) io.to(connectionsOf(seat)).emit('form:state', state);
  });
  call.forms.on('signatureRequested', ({ participantId, ...request }) => {
    const seat = call.session.seat(participantId);
    if (seat) io.to(connectionsOf(seat)).emit('form:signature-requested', request);
  });
}

/** Documents of every call, to the seats that may list them (uploader, clerk, shared with). */
export function wireDocumentPushes(io: VideoloketServer, documents: DocumentService, registry: CallRegistry): void {
  documents.on('changed', (doc) => {
    for (const seat of registry.find(doc.callId)?.audience.documentAudience(doc) ?? []) io.to(connectionsOf(seat)).emit('documents:changed', doc);
  });
  documents.on('progress', (progress, doc) => {
    for (const seat of registry.find(doc.callId)?.audience.documentAudience(doc) ?? []) io.to(connectionsOf(seat)).emit('documents:progress', progress);
  });
}
