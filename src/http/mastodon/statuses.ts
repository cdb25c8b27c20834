import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import { getUserSettings } from '../../domain/accounts/settings.js';
import { visibleEntry, visibleObject } from '../../domain/statuses/access.js';
import { statusContext } from '../../domain/statuses/read.js';
import { deleteStatus, editStatus, postStatus } from '../../domain/statuses/post-status.js';
import { bookmark, favourite, reblog, unfavourite, unreblog } from '../../domain/statuses/reactions.js';
import { DomainError, invalid } from '../../errors.js';
import { htmlToPlainText } from '../../html/plain-text.js';
import type { Actor, Visibility } from '../../store/port.js';
import { optionalAuth, requireAuth } from '../plugins/auth.js';
import { StatusPresenter } from './entities/status.js';
import { filteringPresenter } from './filtering.js';
import { pageParams, setPageLinks } from './paging.js';
import { toBool } from './params.js';
import { readSchema } from '../../schemas.js';

type Params = Record<string, unknown>;

const VISIBILITIES = new Set(['public', 'unlisted', 'private', 'direct']);
const LANGUAGE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,3}$/;
const viewerOf = (request: FastifyRequest): Actor | null => request.principal?.actor ?? null;
const me = (request: FastifyRequest): Actor => request.principal!.actor!;
const idParam = (request: FastifyRequest) => (request.params as { id: string }).id;
/** `media_ids[]` as form fields or a JSON array (the schema refuses anything else); null is none. */
const idList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** Types are checked before the handler runs: a list as `status` or an object as `visibility` is a 422, never turned into text. */
const schema = { body: readSchema('mastodon/status.json') };

export async function statusRoutes(app: FastifyInstance, deps: FedDeps): Promise<void> {
  const presenter = (request: FastifyRequest) => new StatusPresenter(deps, viewerOf(request));
  const present = async (request: FastifyRequest, object: Parameters<StatusPresenter['status']>[0]) => {
    const s = await presenter(request).status(object);
    if (!s) throw new DomainError('not_found', 'STATUS_NOT_FOUND', 'Record not found');
    return s;
  };

  app.post('/v1/statuses', { preHandler: requireAuth(deps, 'write:statuses'), schema }, async (request) => {
    const body = (request.body ?? {}) as Params;
    const user = request.principal!.user!;
    if (body.poll && typeof body.poll === 'object' && Object.keys(body.poll).length) throw invalid('POLL_UNSUPPORTED', 'Validation failed: polls are not supported by this server yet');
    if (body.scheduled_at) throw invalid('SCHEDULE_UNSUPPORTED', 'Validation failed: scheduled statuses are not supported by this server yet');
    let visibility = text(body.visibility);
    if (visibility && !VISIBILITIES.has(visibility)) throw invalid('VISIBILITY_INVALID', 'Validation failed: Visibility is not included in the list');
    const settings = await getUserSettings(deps, user.id);
    visibility ??= settings.defaultVisibility;
    const key = request.headers['idempotency-key'];
    const object = await postStatus(deps, me(request), {
      text: text(body.status) ?? '',
      visibility: visibility as Visibility,
      spoilerText: text(body.spoiler_text),
      sensitive: toBool(body.sensitive) ?? settings.defaultSensitive,
      // An unknown language code falls back to the default, as Mastodon's valid_locale_or_nil.
      language: (LANGUAGE.test(text(body.language) ?? '') ? text(body.language) : undefined) || settings.defaultLanguage,
      inReplyToId: text(body.in_reply_to_id) || null,
      idempotencyKey: typeof key === 'string' && key ? key : undefined,
      mediaIds: idList(body.media_ids),
    });
    return present(request, object);
  });

  app.get('/v1/statuses', { preHandler: optionalAuth(deps) }, async (request) => {
    const q = request.query as Params;
    const ids = (Array.isArray(q.id) ? q.id : q.id === undefined ? [] : [q.id]).map(String).slice(0, 20);
    const p = presenter(request);
    const entries = await Promise.all(ids.map((id) => visibleEntry(deps, viewerOf(request), id).catch(() => undefined)));
    return p.entries(entries.filter((e): e is NonNullable<typeof e> => !!e));
  });

  app.get('/v1/statuses/:id', { preHandler: optionalAuth(deps) }, async (request) => {
    const entry = await visibleEntry(deps, viewerOf(request), idParam(request));
    const s = await presenter(request).entry(entry);
    if (!s) throw new DomainError('not_found', 'STATUS_NOT_FOUND', 'Record not found');
    return s;
  });

  app.delete('/v1/statuses/:id', { preHandler: requireAuth(deps, 'write:statuses') }, async (request) => {
    const object = await deleteStatus(deps, me(request), idParam(request));
    // Answered as it was, plus the source text, for "delete and redraft".
    const s = await present(request, { ...object, deletedAt: null });
    const latest = (await deps.store.statuses.listVersions(object.id)).at(-1);
    return { ...s, text: latest?.text ?? htmlToPlainText(String(object.data.content ?? '')) };
  });

  app.put('/v1/statuses/:id', { preHandler: requireAuth(deps, 'write:statuses'), schema }, async (request) => {
    const body = (request.body ?? {}) as Params;
    const object = await editStatus(deps, me(request), idParam(request), {
      mediaIds: body.media_ids === undefined ? undefined : idList(body.media_ids),
      text: text(body.status) ?? '',
      spoilerText: text(body.spoiler_text),
      sensitive: toBool(body.sensitive),
      language: LANGUAGE.test(text(body.language) ?? '') ? text(body.language) : undefined,
    });
    return present(request, object);
  });

  // Mastodon's StatusEdit list: every version, oldest first (the current one at least).
  app.get('/v1/statuses/:id/history', { preHandler: optionalAuth(deps) }, async (request) => {
    const object = await visibleObject(deps, viewerOf(request), idParam(request));
    const current = await present(request, object);
    const versions = await deps.store.statuses.listVersions(object.id);
    const base = { account: current.account, poll: null, media_attachments: [], emojis: [] };
    if (versions.length === 0) return [{ content: current.content, spoiler_text: current.spoiler_text, sensitive: current.sensitive, created_at: current.edited_at ?? current.created_at, ...base }];
    return versions.map((v) => ({ content: v.content, spoiler_text: v.spoilerText, sensitive: v.sensitive, created_at: v.createdAt, ...base }));
  });

  app.get('/v1/statuses/:id/source', { preHandler: requireAuth(deps, 'read:statuses') }, async (request) => {
    const object = await visibleObject(deps, viewerOf(request), idParam(request));
    if (object.actorId !== me(request).id) throw new DomainError('not_found', 'STATUS_NOT_FOUND', 'Record not found');
    const latest = (await deps.store.statuses.listVersions(object.id)).at(-1);
    return { id: object.id, text: latest?.text ?? htmlToPlainText(String(object.data.content ?? '')), spoiler_text: latest?.spoilerText ?? '' };
  });

  app.get('/v1/statuses/:id/context', { preHandler: optionalAuth(deps) }, async (request) => {
    const object = await visibleObject(deps, viewerOf(request), idParam(request));
    const { ancestors, descendants } = await statusContext(deps, viewerOf(request), object);
    const p = await filteringPresenter(deps, request, 'thread');
    p.preload([...ancestors, ...descendants]);
    const render = async (list: typeof ancestors) => (await Promise.all(list.map((o) => p.status(o)))).filter(Boolean);
    return { ancestors: await render(ancestors), descendants: await render(descendants) };
  });

  const action = (path: string, scope: string, run: (request: FastifyRequest) => Promise<Parameters<StatusPresenter['status']>[0]>) =>
    app.post(`/v1/statuses/:id/${path}`, { preHandler: requireAuth(deps, scope) }, async (request) => present(request, await run(request)));
  action('favourite', 'write:favourites', (r) => favourite(deps, me(r), idParam(r)));
  action('unfavourite', 'write:favourites', (r) => unfavourite(deps, me(r), idParam(r)));
  action('unreblog', 'write:statuses', (r) => unreblog(deps, me(r), idParam(r)));
  action('bookmark', 'write:bookmarks', (r) => bookmark(deps, me(r), idParam(r), true));
  action('unbookmark', 'write:bookmarks', (r) => bookmark(deps, me(r), idParam(r), false));

  // The answer to a boost is the boost itself, wrapping the post.
  app.post('/v1/statuses/:id/reblog', { preHandler: requireAuth(deps, 'write:statuses') }, async (request) => {
    const { object, activity } = await reblog(deps, me(request), idParam(request));
    const s = await presenter(request).entry({ id: activity.id, object, reblog: activity });
    if (!s) throw new DomainError('not_found', 'STATUS_NOT_FOUND', 'Record not found');
    return s;
  });

  // Who favourited or boosted a post, paged by the reaction's id.
  for (const [path, type] of [['favourited_by', 'Like'], ['reblogged_by', 'Announce']] as const) {
    app.get(`/v1/statuses/:id/${path}`, { preHandler: optionalAuth(deps) }, async (request, reply) => {
      const object = await visibleObject(deps, viewerOf(request), idParam(request));
      const page = pageParams(request.query, 40);
      const reactions = await deps.store.statuses.reactions(object.uri, type, page);
      setPageLinks(deps, request, reply, reactions.map((r) => r.id), page.limit);
      return (await presenter(request).accountsOf(reactions.map((r) => r.actorId))).filter(Boolean);
    });
  }

  app.get('/v1/bookmarks', { preHandler: requireAuth(deps, 'read:bookmarks') }, async (request, reply) => {
    const page = pageParams(request.query, 20);
    const marks = await deps.store.statuses.listBookmarks(me(request).id, page);
    const p = presenter(request);
    const objects = new Map((marks.length ? await deps.store.objects.getByIds(marks.map((b) => b.objectId)) : []).map((o) => [o.id, o]));
    const shown = marks.map((b) => objects.get(b.objectId)).filter((o): o is NonNullable<typeof o> => !!o && !o.deletedAt);
    p.preload(shown);
    const out = (await Promise.all(shown.map((o) => p.status(o)))).filter(Boolean);
    setPageLinks(deps, request, reply, marks.map((b) => b.id), page.limit);
    return out;
  });

  app.get('/v1/favourites', { preHandler: requireAuth(deps, 'read:favourites') }, async (request, reply) => {
    const page = pageParams(request.query, 20);
    const likes = await deps.store.activities.listByActor(me(request).id, { types: ['Like'], publicOnly: false, limit: page.limit, beforeId: page.maxId });
    const p = presenter(request);
    const uris = likes.map((l) => l.objectUri).filter((u): u is string => !!u);
    const objects = new Map((uris.length ? await deps.store.objects.getByUris(uris) : []).map((o) => [o.uri, o]));
    const shown = likes.map((l) => (l.objectUri ? objects.get(l.objectUri) : undefined)).filter((o): o is NonNullable<typeof o> => !!o && !o.deletedAt);
    p.preload(shown);
    const out = (await Promise.all(shown.map((o) => p.status(o)))).filter(Boolean);
    // The activity store pages backwards only: next, no prev.
    if (likes.length >= page.limit) reply.header('link', `<${deps.urls.base}/api/v1/favourites?limit=${page.limit}&max_id=${likes[likes.length - 1]!.id}>; rel="next"`);
    return out;
  });
}
