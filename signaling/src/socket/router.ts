import {
  AppError,
  ForbiddenError,
  clientRequests,
  parseOrThrow,
  toErrorBody,
  type Ack,
  type ClientRequestName,
  type ClientRequests,
  type ParsedRequestOf,
  type ResponseOf,
  type Role,
} from '@videoloket/contracts';
import type { Logger } from 'pino';
import type { Call } from '../call/Call';
import type { CounterSession } from '../call/CounterSession';
import type { Seat } from '../call/Seat';
import type { VideoloketSocket } from './types';

/** What a handler gets: the verified caller and their call. */
export interface HandlerContext {
  socket: VideoloketSocket;
  call: Call;
  /** The call's seats and chat (call.session). */
  session: CounterSession;
  /** Undefined only for call:join, which creates it. */
  seat: Seat | undefined;
  logger: Logger;
}

export interface HandlerRule {
  /** Roles allowed to send the event. */
  roles: readonly Role[];
  /** Caller must have joined and been admitted (false only for join, leave). */
  admitted: boolean;
  /** Refused to a clerk's case window (observer connection, issue 12): media, leaving the seat. */
  callWindowOnly?: boolean;
}

export interface EventHandler<E extends ClientRequestName> {
  rule: HandlerRule;
  handle: (ctx: HandlerContext & { seat: Seat }, payload: ParsedRequestOf<ClientRequests[E]>) => Promise<ResponseOf<ClientRequests[E]>>;
}

/** call:join is the one event that runs before the caller has a seat. */
export interface JoinHandler {
  rule: HandlerRule;
  handle: (ctx: HandlerContext, payload: ParsedRequestOf<ClientRequests['call:join']>) => Promise<ResponseOf<ClientRequests['call:join']>>;
}

export type HandlerTable = { [E in Exclude<ClientRequestName, 'call:join'>]: EventHandler<E> } & { 'call:join': JoinHandler };

// Per socket: at most BURST events at once, refilled at RATE per second.
const RATE = 20;
const BURST = 60;

/**
 * Wires every client request to its handler: validates the payload with the contract's
 * schema, checks role and admission, runs the handler and acknowledges with data or an
 * error. Nothing a client sends can throw out of here or close the socket.
 */
export function registerHandlers(
  socket: VideoloketSocket,
  handlers: HandlerTable,
  context: (socket: VideoloketSocket) => HandlerContext,
): void {
  let tokens = BURST;
  let last = Date.now();

  for (const name of Object.keys(clientRequests) as ClientRequestName[]) {
    const handler = handlers[name] as JoinHandler;
    socket.on(name, async (payload: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (res: Ack<unknown>) => void) : () => undefined;
      const now = Date.now();
      tokens = Math.min(BURST, tokens + ((now - last) / 1000) * RATE);
      last = now;
      if (tokens < 1) return reply({ ok: false, error: { code: 'RATE_LIMITED', message: 'Too many requests; slow down' } });
      tokens -= 1;

      let ctx: HandlerContext | undefined;
      try {
        ctx = context(socket);
        const parsed = parseOrThrow(clientRequests[name].request, payload, `${name} payload`);
        authorise(name, handler.rule, ctx);
        const data = await handler.handle(ctx, parsed as never);
        // What the answer confirms is in the call state store first: it survives this process (issue 13).
        await ctx.call.stateWritten();
        reply({ ok: true, data });
      } catch (err) {
        const body = toErrorBody(err);
        // context() throws only AppErrors (unknown or ended call), so a logger is at hand for the rest.
        if (!(err instanceof AppError)) ctx?.logger.error({ err, event: name }, 'handler failed');
        reply({ ok: false, error: body });
      }
    });
  }
}

function authorise(name: string, rule: HandlerRule, ctx: HandlerContext): void {
  if (!rule.roles.includes(ctx.socket.data.identity.role)) throw new ForbiddenError(`${name} is not allowed for your role`);
  if (name === 'call:join') return;
  if (!ctx.seat) throw new ForbiddenError('Join the call first');
  if (rule.callWindowOnly && ctx.socket.data.window === 'case') throw new ForbiddenError(`${name} belongs to the call window, not the case window`);
  if (rule.admitted && ctx.seat.status !== 'admitted') throw new ForbiddenError('Waiting to be admitted');
}
