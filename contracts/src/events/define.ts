import type { z } from 'zod';
import type { ErrorBody } from '../errors';

/** Every acknowledged request answers with either its data or an error. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** A client→server request: its payload schema and (as a type) what the ack carries. */
export interface RequestContract<Req extends z.ZodType, Res> {
  request: Req;
  /** Phantom: the response type, never set at run time. */
  readonly response?: Res;
}

/** `request<ResponseType>()(payloadSchema)` — curried so the response type can be named. */
export function request<Res>() {
  return <Req extends z.ZodType>(schema: Req): RequestContract<Req, Res> => ({ request: schema });
}

/** A server→client event: its payload type (the server is trusted, so no schema). */
export interface PushContract<Payload> {
  readonly payload?: Payload;
}
export function push<Payload>(): PushContract<Payload> {
  return {};
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRequestContract = RequestContract<z.ZodType, any>;
export type RequestOf<C> = C extends RequestContract<infer Req, unknown> ? z.input<Req> : never;
export type ParsedRequestOf<C> = C extends RequestContract<infer Req, unknown> ? z.output<Req> : never;
export type ResponseOf<C> = C extends RequestContract<z.ZodType, infer Res> ? Res : never;
export type PayloadOf<C> = C extends PushContract<infer P> ? P : never;
