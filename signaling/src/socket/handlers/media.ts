import type { HandlerTable } from '../router';
import { assertMayProduce } from '../../call/producerPolicy';
import type { TurnCredentials } from '../../turn/TurnCredentials';

type MediaHandlers = Pick<
  HandlerTable,
  | 'media:createTransport'
  | 'media:connectTransport'
  | 'media:restartIce'
  | 'media:iceConfig'
  | 'media:produce'
  | 'media:closeProducer'
  | 'media:setProducerPaused'
  | 'media:consume'
  | 'media:resumeConsumer'
  | 'media:setConsumerPaused'
  | 'media:reportQuality'
  | 'media:receivedStreams'
>;

// Only admitted participants reach these (rule.admitted), but for one: a waiting browser may
// create its transport pair, so admission does not wait for the worker (bench:join). That pair
// carries nothing before admission: connecting, producing and consuming stay admitted-only, it
// gets no TURN credentials (media:iceConfig after admission), the SFU refuses a second transport
// per direction, and the pair closes with the seat (refused, left, a new connection).
// Media belongs to the seat's call connection: a clerk's case window takes none (callWindowOnly).
const everyone = ['clerk', 'citizen', 'interpreter'] as const;
const admitted = { roles: everyone, admitted: true, callWindowOnly: true };

export function mediaHandlers(turn: TurnCredentials): MediaHandlers {
  return {
    'media:createTransport': {
      rule: { roles: everyone, admitted: false, callWindowOnly: true },
      async handle({ call, seat }, { direction }) {
        const transport = await call.media.createTransport(seat.participantId, direction);
        return { ...transport, ice: seat.status === 'admitted' ? turn.iceConfig(seat.participantId) : turn.withoutCredentials() };
      },
    },
    // The seat comes from the socket (the payload is an empty strict object): nobody can get
    // credentials in another seat's name.
    'media:iceConfig': {
      rule: admitted,
      handle: async ({ seat }) => turn.iceConfig(seat.participantId),
    },
    'media:connectTransport': {
      rule: admitted,
      async handle({ call, seat }, { transportId, dtlsParameters }) {
        await call.media.connectTransport(seat.participantId, transportId, dtlsParameters);
        return { connected: true };
      },
    },
    'media:restartIce': {
      rule: admitted,
      async handle({ call, seat }, { transportId }) {
        return { iceParameters: await call.media.restartIce(seat.participantId, transportId) };
      },
    },
    'media:produce': {
      rule: admitted,
      async handle({ call, seat }, input) {
        assertMayProduce(seat, input.kind, input.source);
        const { producerId } = await call.media.produce(seat.participantId, input);
        return { producerId };
      },
    },
    'media:closeProducer': {
      rule: admitted,
      async handle({ call, seat }, { producerId }) {
        await call.media.closeProducer(seat.participantId, producerId);
        return { closed: true };
      },
    },
    'media:setProducerPaused': {
      rule: admitted,
      async handle({ call, seat }, { producerId, paused }) {
        await call.media.setProducerPaused(seat.participantId, producerId, paused);
        return { paused };
      },
    },
    'media:consume': {
      rule: admitted,
      handle: ({ call, seat }, { producerId, rtpCapabilities }) =>
        call.media.consume(seat.participantId, producerId, rtpCapabilities),
    },
    'media:resumeConsumer': {
      rule: admitted,
      async handle({ call, seat }, { consumerId }) {
        await call.media.resumeConsumer(seat.participantId, consumerId);
        return { resumed: true };
      },
    },
    // The three below act on the caller's own seat and consumers only (issue 16: audio only,
    // connection quality): a consumer id of someone else's is NOT_FOUND, a seat cannot be named.
    'media:setConsumerPaused': {
      rule: admitted,
      async handle({ call, seat }, { consumerId, paused }) {
        await call.media.setConsumerPaused(seat.participantId, consumerId, paused);
        return { paused };
      },
    },
    'media:reportQuality': {
      rule: admitted,
      async handle({ session, seat }, { quality }) {
        session.setConnectionQuality(seat.participantId, quality);
        return { quality };
      },
    },
    'media:receivedStreams': {
      rule: admitted,
      handle: async ({ call, seat }) => ({ streams: await call.media.receivedStreams(seat.participantId) }),
    },
  };
}
