import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import { assertScope, authenticateBearer } from '../../domain/auth/authenticate.js';
import { canSee } from '../../domain/statuses/access.js';
import type { StreamEvent } from '../../domain/streaming/events.js';
import { reachesHome } from '../../domain/follows/agency-feed.js';
import { DomainError } from '../../errors.js';
import type { Actor, TimelineEntry } from '../../store/port.js';
import { StatusPresenter } from './entities/status.js';
import { viewerRelations, visibleNotifications } from '../../domain/relations/filter.js';
import { activeFilters } from '../../domain/filters/match.js';
import { exclusiveMembers } from '../../domain/statuses/timelines.js';
import type { FilterContext } from '../../store/port.js';

/** What this module uses of a `ws` socket (the package ships no types here). */
interface Socket {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
  ping(): void;
  on(event: 'message', listener: (data: unknown) => void): void;
  on(event: 'close', listener: () => void): void;
}

/** Mastodon's stream names; hashtag streams carry a `tag`. */
const USER_STREAMS = new Set(['user', 'user:notification']);
const PUBLIC_STREAMS = new Set(['public', 'public:local', 'public:remote', 'hashtag', 'hashtag:local']);
/** Streams apps ask for that have nothing here yet (no media or conversations): accepted, silent. */
const QUIET_STREAMS = new Set(['public:media', 'public:local:media', 'public:remote:media', 'direct']);

/** `list` streams carry the list's id. */
interface Subscription { stream: string; tag?: string; list?: string }
const MAX_SUBSCRIPTIONS = 100;
const keyOf = (s: Subscription) => (s.list ? `list\u0000${s.list}` : s.tag ? `${s.stream}\u0000${s.tag.toLowerCase()}` : s.stream);

/**
 * The token as Mastodon's streaming server takes it: `access_token` in the query, a Bearer header,
 * or the Sec-WebSocket-Protocol header (how masto and browsers send it, since a browser WebSocket
 * cannot set headers).
 */
function tokenOf(request: FastifyRequest): string | undefined {
  const q = request.query as Record<string, unknown>;
  if (typeof q.access_token === 'string' && q.access_token) return q.access_token;
  const auth = request.headers.authorization;
  const bearer = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  if (bearer) return bearer;
  const protocol = request.headers['sec-websocket-protocol'];
  return typeof protocol === 'string' && protocol.trim() ? protocol.split(',')[0]!.trim() : undefined;
}

const hashtagsOf = (data: Record<string, unknown>): string[] =>
  (Array.isArray(data.tag) ? data.tag : [])
    .filter((t): t is { type: string; name: string } => !!t && typeof t === 'object' && t.type === 'Hashtag' && typeof t.name === 'string')
    .map((t) => t.name.replace(/^#/, '').toLowerCase());

/**
 * GET /api/v1/streaming over WebSocket: the user stream (home updates, notifications, deletes) and
 * the public and hashtag streams, subscribed with `?stream=` or `{"type":"subscribe",...}` messages.
 * Messages are Mastodon's `{stream, event, payload}` with the payload a JSON string (a bare id for
 * `delete`). Events come from the in-process bus (src/domain/streaming/events.ts).
 */
export async function streamingRoutes(app: FastifyInstance, deps: FedDeps): Promise<void> {
  await app.register(websocket, { options: { maxPayload: 64 * 1024, handleProtocols: (protocols: Set<string>) => protocols.values().next().value ?? false } });

  app.get('/v1/streaming/health', async (_request, reply) => reply.type('text/plain').send('OK'));

  app.get('/v1/streaming', {
    websocket: true,
    preHandler: async (request) => {
      const token = tokenOf(request);
      request.principal = token ? await authenticateBearer(deps, token) : null;
      if (request.principal) assertScope(request.principal, 'read:statuses');
      const stream = (request.query as Record<string, unknown>).stream;
      if (typeof stream === 'string' && USER_STREAMS.has(stream) && !request.principal?.actor) throw new DomainError('unauthorized', 'TOKEN_MISSING', 'Missing access token');
    },
  }, (socket: Socket, request) => {
    const viewer: Actor | null = request.principal?.actor ?? null;
    const subscriptions = new Map<string, Subscription>();
    const send = (streams: string[], event: string, payload: string) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ stream: streams, event, payload }));
    };
    // Mastodon's error message: a top-level `error` (masto raises it to the subscriber).
    const fail = (body: { error: string; status: number }) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(body));
    };
    const subscribe = async (s: Subscription) => {
      if (USER_STREAMS.has(s.stream) && !viewer) return fail({ error: 'Missing access token', status: 401 });
      if (QUIET_STREAMS.has(s.stream)) {
        if (s.stream === 'direct' && !viewer) return fail({ error: 'Missing access token', status: 401 });
        return; // known to Mastodon, nothing to stream here yet
      }
      if (s.stream === 'list') {
        // As Mastodon's streaming server: a token, a list id, and the list must be the user's.
        if (!viewer || !request.principal?.user) return fail({ error: 'Missing access token', status: 401 });
        if (!s.list) return fail({ error: 'Missing list name parameter', status: 400 });
        const list = await deps.store.lists.getById(s.list);
        if (!list || list.userId !== request.principal.user.id) return fail({ error: 'Not authorized to stream this list', status: 401 });
        if (subscriptions.size >= MAX_SUBSCRIPTIONS && !subscriptions.has(keyOf(s))) return fail({ error: 'Too many subscriptions', status: 400 });
        subscriptions.set(keyOf(s), { stream: 'list', list: s.list });
        return;
      }
      if (!USER_STREAMS.has(s.stream) && !PUBLIC_STREAMS.has(s.stream)) return fail({ error: 'Unknown stream type', status: 400 });
      if (s.stream.startsWith('hashtag') && !s.tag) return fail({ error: 'No tag for stream provided', status: 400 });
      // Bounded: one socket cannot make every event cost hundreds of checks.
      if (subscriptions.size >= MAX_SUBSCRIPTIONS && !subscriptions.has(keyOf(s))) return fail({ error: 'Too many subscriptions', status: 400 });
      subscriptions.set(keyOf(s), s);
    };
    const q = request.query as Record<string, unknown>;
    const listOf = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    if (typeof q.stream === 'string') void subscribe({ stream: q.stream, tag: typeof q.tag === 'string' ? q.tag : undefined, list: listOf(q.list) });

    socket.on('message', (raw: unknown) => {
      let msg: { type?: unknown; stream?: unknown; tag?: unknown; list?: unknown };
      try {
        msg = JSON.parse(String(raw)) as typeof msg;
      } catch {
        return fail({ error: 'Malformed message', status: 400 });
      }
      if (typeof msg.stream !== 'string') return;
      const s = { stream: msg.stream, tag: typeof msg.tag === 'string' ? msg.tag : undefined, list: listOf(msg.list) };
      if (msg.type === 'subscribe') void subscribe(s);
      else if (msg.type === 'unsubscribe') subscriptions.delete(keyOf(s));
    });

    // The viewer's filters are read per event (a saved or expired filter applies at once): `home`
    // for the user stream, `public` for the public and hashtag streams, `notifications` for notifications.
    const userId = request.principal?.user?.id;
    const presenter = async (context?: FilterContext) =>
      new StatusPresenter(deps, viewer, userId && context ? await activeFilters(deps, userId, context) : []);
    const onEvent = async (event: StreamEvent) => {
      if (subscriptions.size === 0) return;
      if (event.kind === 'notification') {
        if (!viewer || event.accountId !== viewer.id) return;
        const found = await deps.store.notifications.getById(viewer.id, event.notificationId);
        const stored = found && (await visibleNotifications(deps, viewer, [found]))[0];
        const n = stored ? await (await presenter('notifications')).notification(stored) : undefined;
        const streams = ['user', 'user:notification'].filter((s) => subscriptions.has(s));
        if (n && streams.length) for (const s of streams) send([s], 'notification', JSON.stringify(n));
        return;
      }
      if (event.kind === 'delete') {
        for (const s of subscriptions.values()) send(s.tag ? [s.stream, s.tag] : [s.stream], 'delete', event.statusId);
        return;
      }
      const entry = await loadEntry(event.entryId);
      const name = event.kind === 'edit' ? 'status.update' : 'update';
      if (!entry || !(await canSee(deps, viewer, entry.object))) return;
      // Blocks and mutes apply as in the timelines: home's rules on the user stream, the public ones elsewhere.
      const rel = await viewerRelations(deps, viewer);
      const author = entry.reblog?.actorId ?? entry.object.actorId;
      const targets: string[][] = [];
      const homeTargets: string[][] = [];
      const lists = [...subscriptions.values()].filter((s) => s.stream === 'list' && s.list);
      if (viewer && subscriptions.has('user')) {
        // canSee passed: a direct post reaches the home stream of its author and of the mentioned followers, as home does;
        // the agency feed adds what the agency's home holds in public (domain/follows/agency-feed.ts).
        // Exclusive lists keep their members' posts out of home (as the home timeline does); blocks and mutes too.
        if (!(await rel?.hides(entry, 'home')) && await reachesHome(deps, viewer, author, entry.object, !!entry.reblog) && !(await exclusiveMembers(deps, viewer)).has(author)) homeTargets.push(['user']);
      }
      if (viewer && lists.length && author !== viewer.id && !(await rel?.hides(entry, 'home')) && (await deps.store.follows.getByPair(viewer.id, author))?.state === 'accepted') {
        // A list stream: posts and boosts of the list's members the viewer follows (the list timeline's entries).
        for (const l of await deps.store.lists.listsWithMember(request.principal!.user!.id, author)) {
          if (subscriptions.has(keyOf({ stream: 'list', list: l.id }))) homeTargets.push(['list', l.id]);
        }
      }
      if (!entry.reblog && entry.object.visibility === 'public' && !(await rel?.hides(entry, 'public'))) {
        const local = entry.object.local;
        for (const [name, s] of subscriptions) {
          if (s.stream === 'public' || (s.stream === 'public:local' && local) || (s.stream === 'public:remote' && !local)) targets.push([name]);
          if ((s.stream === 'hashtag' || (s.stream === 'hashtag:local' && local)) && s.tag && hashtagsOf(entry.object.data).includes(s.tag.toLowerCase().replace(/^#/, ''))) targets.push([s.stream, s.tag]);
        }
      }
      for (const [context, list] of [['home', homeTargets], ['public', targets]] as const) {
        if (list.length === 0) continue;
        const status = await (await presenter(context)).entry(entry);
        if (status) for (const t of list) send(t, name, JSON.stringify(status));
      }
    };
    const loadEntry = async (id: string): Promise<TimelineEntry | undefined> => {
      const object = await deps.store.objects.getById(id);
      if (object) return { id, object, reblog: null };
      const reblog = await deps.store.statuses.getReblog(id);
      const boosted = reblog?.objectUri ? await deps.store.objects.getByUri(reblog.objectUri) : undefined;
      return reblog && boosted ? { id, object: boosted, reblog } : undefined;
    };
    const off = deps.events?.on((event) => {
      onEvent(event).catch((err: unknown) => request.log.warn({ err }, 'streaming event failed'));
    });
    // Mastodon pings every 30 s so proxies keep the connection.
    const ping = setInterval(() => socket.readyState === socket.OPEN && socket.ping(), 30_000);
    ping.unref();
    socket.on('close', () => {
      off?.();
      clearInterval(ping);
    });
  });
}
