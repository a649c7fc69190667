import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { AppError, NotYetOpenError } from '@videoloket/contracts';
import type { Logger } from 'pino';
import type { CallRegistry } from '../call/CallRegistry';
import { callHandlers } from './handlers/call';
import { chatHandlers } from './handlers/chat';
import { interpreterHandlers } from './handlers/interpreter';
import type { CallLinks } from '../call/CallLinks';
import { mediaHandlers } from './handlers/media';
import { documentHandlers } from './handlers/documents';
import { formHandlers } from './handlers/forms';
import type { FormService } from '../forms';
import type { TurnCredentials } from '../turn/TurnCredentials';
import type { RunningDocuments } from '../documents';
import { ConnectionLimits, clientAddress, type ConnectionLimitOptions } from './connectionLimits';
import { authenticateHandshake, type HandshakeDeps } from './handshake';
import { callRoom, wireCallPushes, wireDocumentPushes } from './pushes';
import { registerHandlers, type HandlerTable } from './router';
import type { VideoloketServer } from './types';
import type { SocketAdapter } from '../state/SharedState';

export type { VideoloketServer };

export interface SocketServerDeps extends HandshakeDeps {
  registry: CallRegistry;
  /** Interpreter invitations (issue 5). */
  links: CallLinks;
  logger: Logger;
  /** Origins allowed to connect (same origin as the web apps). */
  allowedOrigins: string[];
  documents: RunningDocuments;
  /** PDF forms being filled and signed (issue 4). */
  forms: FormService;
  /** Per-seat TURN credentials handed out with the transports (issue 16). */
  turn: TurnCredentials;
  /** Sockets per link and per address (issue 9, finding 7). */
  connectionLimits: ConnectionLimitOptions;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (as Express does). */
  trustProxy: boolean;
  /** Across nodes (issue 13: the Redis Streams adapter, state/SharedState.ts); unset: this process only. */
  adapter?: SocketAdapter;
}

// Engine.IO closes the connection on a message larger than this, before parsing it.
// It is set well above our largest legitimate payload so that merely oversized
// fields get a polite error acknowledgement from the schemas (which cap every
// string and array) rather than a dropped connection.
const MAX_MESSAGE_BYTES = 1024 * 1024;

export function attachSocketServer(httpServer: HttpServer, deps: SocketServerDeps): VideoloketServer {
  const log = deps.logger.child({ component: 'signaling' });
  const io: VideoloketServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    cors: { origin: deps.allowedOrigins, credentials: false },
    // A dead connection is noticed within 10 s on both sides (the seat is kept). The browser
    // notices a new network or a dead media path sooner by itself (call-client network-watch.ts);
    // this is the floor for a silent death, e.g. of a citizen still in the waiting room. Shorter
    // would drop the media of a phone whose link stalls for a few seconds.
    pingInterval: 5_000,
    pingTimeout: 5_000,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });

  const call = callHandlers({
    clerkNames: () => deps.clerks.displayNames(),
  });
  const limits = new ConnectionLimits(deps.connectionLimits);
  const handlers: HandlerTable = {
    ...call,
    // Every join renews the seat's HTTP token (uploads); see contracts JoinResponse.httpToken.
    'call:join': {
      rule: call['call:join'].rule,
      async handle(ctx, payload) {
        const res = await call['call:join'].handle(ctx, payload);
        const seat = ctx.session.seat(res.self.participantId)!;
        return { ...res, httpToken: await deps.documents.issueHttpToken(seat, ctx.session.callId) };
      },
    },
    ...documentHandlers(deps.documents.service),
    ...mediaHandlers(deps.turn),
    ...chatHandlers(),
    ...formHandlers(deps.forms),
    ...interpreterHandlers({ links: deps.links }),
  };

  io.use((socket, next) => {
    const address = clientAddress(socket.handshake, deps.trustProxy);
    authenticateHandshake(socket.handshake.auth, deps).then(
      (data) => {
        const { identity } = data;
        if (identity.role !== 'clerk') {
          let release: () => void;
          try {
            release = limits.acquire(identity.linkId, address);
          } catch (err) {
            return next(connectError(err));
          }
          // 'disconnect' fires for an accepted socket; the transport's 'close' also covers a
          // client that goes away between this check and the connection being accepted.
          socket.once('disconnect', release);
          socket.conn.once('close', release);
        }
        socket.data = { ...data, address };
        next();
      },
      (err: unknown) => next(connectError(err)),
    );
  });

  io.on('connection', (socket) => {
    const { callId, identity } = socket.data;
    const socketLog = log.child({ callId, role: identity.role, socketId: socket.id });
    void socket.join(callRoom(callId));
    registerHandlers(socket, handlers, (s) => {
      const call = deps.registry.get(callId);
      const seat = s.data.participantId ? call.session.seat(s.data.participantId) : undefined;
      return { socket: s, call, session: call.session, seat, logger: socketLog };
    });
    socket.on('disconnect', (reason) => {
      // The seat stays for a reconnect; the call drops its media.
      deps.registry.find(callId)?.session.disconnect(socket.id);
      socketLog.debug({ reason }, 'disconnected');
    });
  });

  wireCallPushes(io, deps.registry, log);
  wireDocumentPushes(io, deps.documents.service, deps.registry);
  return io;
}

/** A refused handshake: the code is the connect_error message, the text rides in `data`. */
function connectError(err: unknown): Error {
  const code = err instanceof AppError ? err.code : 'UNAUTHENTICATED';
  const error = new Error(code) as Error & { data?: unknown };
  error.data = {
    message: err instanceof AppError ? err.message : 'Not allowed',
    ...(err instanceof NotYetOpenError ? { opensAt: err.opensAt.toISOString() } : {}),
  };
  return error;
}
