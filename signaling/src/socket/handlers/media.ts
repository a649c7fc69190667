import type { CallMediaHub } from '../../call/CallMediaHub';
import type { HandlerTable } from '../router';
import { assertMayProduce } from '../../call/producerPolicy';

type MediaHandlers = Pick<
  HandlerTable,
  | 'media:createTransport'
  | 'media:connectTransport'
  | 'media:restartIce'
  | 'media:produce'
  | 'media:closeProducer'
  | 'media:setProducerPaused'
  | 'media:consume'
  | 'media:resumeConsumer'
>;

// Only admitted participants reach these (rule.admitted): a waiting browser gets no
// transport, so the SFU neither sends it anything nor takes anything from it.
const admitted = { roles: ['clerk', 'citizen', 'interpreter'] as const, admitted: true };

export function mediaHandlers(hub: CallMediaHub): MediaHandlers {
  return {
    'media:createTransport': {
      rule: admitted,
      handle: ({ session, seat }, { direction }) => hub.get(session.callId).createTransport(seat.participantId, direction),
    },
    'media:connectTransport': {
      rule: admitted,
      async handle({ session, seat }, { transportId, dtlsParameters }) {
        await hub.get(session.callId).connectTransport(seat.participantId, transportId, dtlsParameters);
        return { connected: true };
      },
    },
    'media:restartIce': {
      rule: admitted,
      async handle({ session, seat }, { transportId }) {
        return { iceParameters: await hub.get(session.callId).restartIce(seat.participantId, transportId) };
      },
    },
    'media:produce': {
      rule: admitted,
      async handle({ session, seat }, input) {
        assertMayProduce(seat, input.kind, input.source);
        const { producerId, paused } = await hub.get(session.callId).produce(seat.participantId, input);
        session.setProducer(seat.participantId, { id: producerId, kind: input.kind, source: input.source, paused });
        return { producerId };
      },
    },
    'media:closeProducer': {
      rule: admitted,
      async handle({ session, seat }, { producerId }) {
        await hub.get(session.callId).closeProducer(seat.participantId, producerId);
        session.removeProducer(seat.participantId, producerId);
        return { closed: true };
      },
    },
    'media:setProducerPaused': {
      rule: admitted,
      async handle({ session, seat }, { producerId, paused }) {
        await hub.get(session.callId).setProducerPaused(seat.participantId, producerId, paused);
        const info = seat.producers.get(producerId);
        if (info) session.setProducer(seat.participantId, { ...info, paused });
        return { paused };
      },
    },
    'media:consume': {
      rule: admitted,
      handle: ({ session, seat }, { producerId, rtpCapabilities }) =>
        hub.get(session.callId).consume(seat.participantId, producerId, rtpCapabilities),
    },
    'media:resumeConsumer': {
      rule: admitted,
      async handle({ session, seat }, { consumerId }) {
        await hub.get(session.callId).resumeConsumer(seat.participantId, consumerId);
        return { resumed: true };
      },
    },
  };
}
