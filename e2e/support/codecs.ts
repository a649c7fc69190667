/// <reference lib="dom" />
// (init scripts and page.evaluate callbacks run in the browser)
import type { BrowserContext, Page } from 'playwright-core';

// Browsers that cannot decode VP8, emulated in Chromium: iOS Safari with VP8 switched off
// offers H264 only. mediasoup-client learns what a browser can do from the SDP of an offer
// (its Device.load() creates a throw-away peer connection and parses createOffer()), and
// negotiates every transport with createOffer/createAnswer, so an init script that takes
// the other video codecs out of every SDP Chromium writes (and out of getCapabilities) makes
// the page a browser that can send and receive H264 only. Chromium really encodes and decodes
// that H264 (OpenH264 and its own ffmpeg).

/** Every page of the context offers H264 (with its rtx, red, ulpfec) as its only video codec. */
export async function offerOnlyH264(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const dropped = /^(vp8|vp9|av1)$/i;
    const onlyH264 = (sdp: string): string => {
      const sections = sdp.split(/\r\n(?=m=)/);
      return sections
        .map((section) => {
          if (!section.startsWith('m=video')) return section;
          const lines = section.split('\r\n');
          const gone = new Set<string>();
          for (const line of lines) {
            const rtpmap = /^a=rtpmap:(\d+) ([^/]+)\//.exec(line);
            if (rtpmap && dropped.test(rtpmap[2]!)) gone.add(rtpmap[1]!);
          }
          for (const line of lines) {
            const apt = /^a=fmtp:(\d+) apt=(\d+)/.exec(line);
            if (apt && gone.has(apt[2]!)) gone.add(apt[1]!);
          }
          return lines
            .filter((line) => !gone.has(/^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)/.exec(line)?.[1] ?? ''))
            .map((line) => (line.startsWith('m=video') ? line.split(' ').filter((part, i) => i < 3 || !gone.has(part)).join(' ') : line))
            .join('\r\n');
        })
        .join('\r\n');
    };
    const proto = RTCPeerConnection.prototype;
    const createOffer = proto.createOffer as (options?: RTCOfferOptions) => Promise<RTCSessionDescriptionInit>;
    const createAnswer = proto.createAnswer as (options?: RTCAnswerOptions) => Promise<RTCSessionDescriptionInit>;
    const munged = (d: RTCSessionDescriptionInit): RTCSessionDescriptionInit => ({ type: d.type, sdp: onlyH264(d.sdp ?? '') });
    Object.assign(proto, {
      createOffer(this: RTCPeerConnection, options?: RTCOfferOptions) {
        return createOffer.call(this, options).then(munged);
      },
      createAnswer(this: RTCPeerConnection, options?: RTCAnswerOptions) {
        return createAnswer.call(this, options).then(munged);
      },
    });
    for (const api of [RTCRtpSender, RTCRtpReceiver]) {
      const getCapabilities = api.getCapabilities.bind(api);
      api.getCapabilities = (kind: string) => {
        const capabilities = getCapabilities(kind);
        if (!capabilities || kind !== 'video') return capabilities;
        return { ...capabilities, codecs: capabilities.codecs.filter((c) => !dropped.test(c.mimeType.replace('video/', ''))) };
      };
    }
  });
}

/** Keeps the page's peer connections reachable (mediasoup-client keeps them private) for codecsInUse(). */
export async function recordPeerConnections(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = all;
    window.RTCPeerConnection = class extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        all.push(this);
      }
    };
  });
}

export interface CodecsInUse {
  /** mimeType of each inbound video stream that decoded frames, with its frames. */
  inbound: { mimeType: string; framesDecoded: number }[];
  /** mimeType of each outbound video stream (one per simulcast layer) that encoded frames. */
  outbound: string[];
}

/** Which video codecs the page decodes and encodes now (getStats of its open peer connections). */
export async function codecsInUse(page: Page): Promise<CodecsInUse> {
  return page.evaluate(async () => {
    const out: CodecsInUse = { inbound: [], outbound: [] };
    const all = (window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? [];
    for (const pc of all.filter((p) => p.connectionState !== 'closed')) {
      const reports: (Record<string, unknown> & { id: string; type: string })[] = [];
      (await pc.getStats()).forEach((r: Record<string, unknown> & { id: string; type: string }) => reports.push(r));
      const mimeTypeOf = (codecId: unknown) => String(reports.find((r) => r.id === codecId)?.mimeType ?? 'unknown');
      for (const r of reports) {
        if (r.type === 'inbound-rtp' && r.kind === 'video' && Number(r.framesDecoded ?? 0) > 0) {
          out.inbound.push({ mimeType: mimeTypeOf(r.codecId), framesDecoded: Number(r.framesDecoded) });
        }
        if (r.type === 'outbound-rtp' && r.kind === 'video' && Number(r.framesEncoded ?? 0) > 0) out.outbound.push(mimeTypeOf(r.codecId));
      }
    }
    return out;
  });
}
