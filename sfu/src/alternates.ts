import type { types } from 'mediasoup';

// mediasoup forwards, it does not transcode: a participant whose browser cannot decode a
// producer's codec (an H264-only Safari and a VP8 camera) needs the same track encoded a
// second time, by its owner, in a codec it can decode: an "alternate" of that producer
// (docs/browsers.md). These two choices are pure so they can be tested without a worker.

/** The first producer `canConsume` accepts: the one asked for, then its alternates in order. */
export function pickConsumable(candidateIds: readonly string[], canConsume: (producerId: string) => boolean): string | undefined {
  return candidateIds.find((id) => canConsume(id));
}

type CodecName = Pick<types.RtpCodecCapability, 'kind' | 'mimeType'>;

/** Codecs that repair or protect another codec's stream; never a stream's own codec. */
const AUXILIARY = new Set(['video/rtx', 'video/red', 'video/ulpfec', 'video/flexfec-03']);

/**
 * The router video codec to ask a producer's owner for when `receiver` can decode none of
 * the codecs already sent (`sentMimeTypes`): the first one, in the router's order, that the
 * receiver has. Undefined when the receiver can decode no router video codec at all.
 */
export function alternateCodecFor(
  routerCodecs: readonly CodecName[],
  receiver: { codecs?: readonly CodecName[] | undefined },
  sentMimeTypes: readonly string[],
): string | undefined {
  const lower = (m: string) => m.toLowerCase();
  const sent = new Set(sentMimeTypes.map(lower));
  const receivable = new Set((receiver.codecs ?? []).filter((c) => c.kind === 'video').map((c) => lower(c.mimeType)));
  return routerCodecs.find(
    (c) => c.kind === 'video' && !AUXILIARY.has(lower(c.mimeType)) && !sent.has(lower(c.mimeType)) && receivable.has(lower(c.mimeType)),
  )?.mimeType;
}
