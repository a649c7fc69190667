import { SFU_ERROR_CODES, SfuError, type SfuErrorCode } from '../errors';

// What travels on the media bus (docs/architecture.md "Media nodes"): JSON in one stream
// field. No mediasoup object crosses it; the room API already speaks plain data.

/** Redis key names under one prefix (production `vl:`). */
export function busKeys(prefix: string) {
  return {
    /** Stream of requests to one media node, read by its consumer group. */
    requests: (nodeId: string) => `${prefix}media:node:${nodeId}:requests`,
    /** The node's registration (JSON NodeRecord); expires when the heartbeats stop. */
    node: (nodeId: string) => `${prefix}media:node:${nodeId}`,
    /** Ids of nodes that registered once; placement prunes the ones whose record expired. */
    nodes: `${prefix}media:nodes`,
    /** Which node hosts a call's room (set by that node, removed when the room closes). */
    call: (callId: string) => `${prefix}media:call:${callId}`,
    /** One client's inbox: replies to its requests and events of the rooms it drives. */
    inbox: (clientId: string) => `${prefix}media:inbox:${clientId}`,
  };
}

export type BusKeys = ReturnType<typeof busKeys>;

/** The consumer group of a node's request stream. */
export const REQUEST_GROUP = 'media-node';

export interface BusRequest {
  /** Unique per request; a retry carries the same id and is answered once. */
  id: string;
  /** Inbox stream the reply goes to. */
  replyTo: string;
  /** Epoch ms after which nobody waits for the answer: the node drops it unrun. */
  deadline: number;
  op: string;
  args: unknown[];
}

export type BusReply = { kind: 'reply'; id: string } & ({ ok: true; value: unknown } | { ok: false; error: WireError });

/** An event of one room, sent to the inbox of the client that drives the room. */
export interface BusEvent {
  kind: 'event';
  nodeId: string;
  callId: string;
  name: string;
  data: unknown[];
}

export interface WireError {
  name: string;
  message: string;
  code?: SfuErrorCode;
}

/** An error as it crosses the bus: SfuError codes kept, so callers switch on them as before. */
export function toWireError(error: unknown): WireError {
  if (error instanceof SfuError) return { name: error.name, message: error.message, code: error.code };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/**
 * Back from the wire: an SfuError with its code and name (CallMedia translates by code), a
 * TypeError stays a TypeError (mediasoup's refusal of bad parameters), anything else an Error.
 */
export function fromWireError(wire: WireError): Error {
  if (wire.code && SFU_ERROR_CODES.includes(wire.code)) {
    const error = new SfuError(wire.code, wire.message);
    error.name = wire.name;
    return error;
  }
  const error = wire.name === 'TypeError' ? new TypeError(wire.message) : new Error(wire.message);
  error.name = wire.name;
  return error;
}

/** Stream entries carry one field, `m`, with the JSON message. */
export function encode(message: unknown): ['m', string] {
  return ['m', JSON.stringify(message)];
}

export function decode<T>(fields: string[]): T | undefined {
  const i = fields.indexOf('m');
  if (i < 0 || i + 1 >= fields.length) return undefined;
  try {
    return JSON.parse(fields[i + 1]!) as T;
  } catch {
    return undefined;
  }
}

/** What a media node publishes about itself on every heartbeat. */
export interface NodeRecord {
  id: string;
  /** The address browsers and RTP peers reach its media on (SfuOptions.announcedAddress). */
  address: string;
  draining: boolean;
  startedAt: number;
  load: NodeLoad;
}

export interface NodeLoad {
  rooms: number;
  /** Producers + consumers + pipes across the rooms. */
  streams: number;
  consumers: number;
  /** Busiest worker's CPU share over the last report interval, 0–1 (from mediasoup's getResourceUsage). */
  cpu: number;
  workers: number;
}
