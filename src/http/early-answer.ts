import type { Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** How long a connection answered before its body arrived keeps reading (and discarding) that body. */
export const LINGER_MS = 5000;

const AWAITING_CONTINUE = Symbol('samspil.awaitingContinue');
const LINGERING = Symbol('samspil.lingering');

type Flagged = IncomingMessage & { [AWAITING_CONTINUE]?: boolean };
type LingeringSocket = Socket & { [LINGERING]?: boolean };

/**
 * An answer given before the request body was read (a 413 for a body over the limit, a 404, a
 * 429) must reach the client. Node closes a `Connection: close` socket as soon as the answer is
 * written; with the client's bytes still unread the kernel then sends a TCP reset, and a peer still
 * writing its body gets ECONNRESET instead of the answer, so it retries the same delivery for days.
 * Here such a socket is half-closed and keeps reading (Node's parser discards the rest of the body)
 * until the client closes or LINGER_MS pass: a lingering close, as nginx and Apache do.
 *
 * `Expect: 100-continue` is answered only once the route is known and its limit allows the
 * declared length; a body that would be refused is not asked for: the 413 comes instead of the 100.
 */
export function answerBeforeBody(app: FastifyInstance, lingerMs = LINGER_MS): void {
  const server = app.server;
  // With a listener, Node leaves "100 Continue" to us instead of sending it with the headers.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    (req as Flagged)[AWAITING_CONTINUE] = true;
    server.emit('request', req, res);
  });

  app.addHook('preParsing', async (request, reply, payload) => {
    const raw = request.raw as Flagged;
    if (raw[AWAITING_CONTINUE]) {
      raw[AWAITING_CONTINUE] = false;
      const length = Number(request.headers['content-length']);
      const limit = request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? Infinity;
      if (!(length > limit)) reply.raw.writeContinue();
    }
    return payload;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // `complete` is false only on a real connection whose request body has not all arrived.
    if (request.raw.complete === false) {
      reply.header('connection', 'close');
      lingerOnClose(request.raw.socket as LingeringSocket, lingerMs);
    }
    return payload;
  });
}

function lingerOnClose(socket: LingeringSocket | null, lingerMs: number): void {
  if (!socket || socket[LINGERING] || typeof socket.destroySoon !== 'function') return;
  socket[LINGERING] = true;
  // Node's server calls destroySoon() once a `Connection: close` answer is written.
  socket.destroySoon = function (this: Socket) {
    if (this.writable) this.end();
    const timer = setTimeout(() => this.destroy(), lingerMs);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
  };
}
