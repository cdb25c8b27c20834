import { listsWithAccount } from '../../domain/lists/lists.js';
import { serializeList } from './entities/list.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import { getAccount, getAccounts, lookupAccount, searchAccounts } from '../../domain/accounts/directory.js';
import { accountCounts, accountCountsOf, pendingFollowRequests } from '../../domain/accounts/counts.js';
import { updateProfile, type ProfileUpdate } from '../../domain/accounts/profile.js';
import { familiarFollowers, followPage, relationshipOf } from '../../domain/accounts/relationships.js';
import { getUserSettings } from '../../domain/accounts/settings.js';
import { approveFollowRequest, followActor, listFollowRequests, rejectFollowRequest, unfollowActor } from '../../domain/follows/follows.js';
import { DomainError } from '../../errors.js';
import { readSchema } from '../../schemas.js';
import type { Actor } from '../../store/port.js';
import { optionalAuth, requireAuth } from '../plugins/auth.js';
import { requireAnyScope } from './auth.js';
import { serializeAccount, serializeCredentialAccount, type MastodonAccount } from './entities/account.js';
import { serializeRelationship } from './entities/relationship.js';
import { limitParam, parseMultipartWithFiles, toBool } from './params.js';
import { MEDIA_LIMITS } from '../../domain/media/media.js';

type Params = Record<string, unknown>;

/** Rails' ParameterMissing text, with Mastodon's 400. */
const missing = (name: string) => new DomainError('invalid', 'PARAM_MISSING', `param is missing or the value is empty: ${name}`);

function requiredString(p: Params, name: string): string {
  const v = p[name];
  if (typeof v !== 'string' || !v.trim()) throw missing(name);
  return v;
}

/** `id[]=1&id[]=2`, `id=1` or a JSON array: Mastodon takes them all. */
function idList(p: Params): string[] {
  const v = p.id;
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String).filter(Boolean);
}

/** Pictures sent with update_credentials, kept beside the parsed text fields. */
const pictures = new WeakMap<FastifyRequest, Record<string, Buffer>>();

function profileUpdate(body: Params): ProfileUpdate {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const rawFields = body.fields_attributes;
  const fieldList = Array.isArray(rawFields) ? rawFields : rawFields && typeof rawFields === 'object' ? Object.values(rawFields) : undefined;
  const source = body.source && typeof body.source === 'object' ? (body.source as Params) : undefined;
  return {
    displayName: text(body.display_name),
    note: text(body.note),
    locked: toBool(body.locked),
    bot: toBool(body.bot),
    discoverable: toBool(body.discoverable),
    indexable: toBool(body.indexable),
    fields: fieldList?.map((f) => ({ name: text((f as Params).name), value: text((f as Params).value) })),
    source: source && {
      privacy: text(source.privacy),
      sensitive: toBool(source.sensitive),
      language: source.language === null ? null : text(source.language),
    },
  };
}

/** The handle the follow use cases resolve (cached remote actors are not refetched by handle). */
const handleOf = (deps: FedDeps, actor: Actor) => `${actor.username}@${actor.domain ?? deps.urls.host}`;

const me = (request: FastifyRequest) => ({ user: request.principal!.user!, actor: request.principal!.actor! });
const idParam = (request: FastifyRequest) => (request.params as { id: string }).id;

/** Mastodon's pagination header; only `next` because the follow store pages backwards only. */
function setNextLink(deps: FedDeps, request: FastifyRequest, reply: FastifyReply, maxId: string | undefined): void {
  if (!maxId) return;
  const url = new URL(request.url, deps.urls.base);
  url.searchParams.delete('since_id');
  url.searchParams.delete('min_id');
  url.searchParams.set('max_id', maxId);
  reply.header('link', `<${deps.urls.base}${url.pathname}${url.search}>; rel="next"`);
}

export async function accountRoutes(app: FastifyInstance, deps: FedDeps): Promise<void> {
  const { urls } = deps;
  const present = async (actor: Actor): Promise<MastodonAccount> => serializeAccount(urls, actor, await accountCounts(deps, actor));
  const presentAll = async (actors: Actor[]): Promise<MastodonAccount[]> => {
    const counts = await accountCountsOf(deps, actors);
    return actors.map((a) => serializeAccount(urls, a, counts.get(a.id)));
  };
  const credentials = async (request: FastifyRequest, actor = me(request).actor, settings?: Awaited<ReturnType<typeof getUserSettings>>) => {
    const { user } = me(request);
    return serializeCredentialAccount(urls, actor, user, settings ?? (await getUserSettings(deps, user.id)), await accountCounts(deps, actor), await pendingFollowRequests(deps, actor));
  };
  const relationship = async (request: FastifyRequest, target: Actor) => serializeRelationship(target, await relationshipOf(deps, me(request).actor, target));

  // Mastodon 4.3 opens verify_credentials to tokens with only the `profile` scope.
  app.get('/v1/accounts/verify_credentials', { preHandler: requireAnyScope(deps, ['profile', 'read:accounts']) }, async (request) => credentials(request));

  // Multipart here keeps the `avatar` and `header` files (elsewhere files are refused); the body
  // cap fits two pictures of the upload limit.
  await app.register(async (scope) => {
    scope.removeContentTypeParser('multipart/form-data');
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, async (request: FastifyRequest, body: Buffer) => {
      const { fields, files } = await parseMultipartWithFiles(String(request.headers['content-type']), body, ['avatar', 'header']);
      pictures.set(request, files);
      return fields;
    });
    scope.patch('/v1/accounts/update_credentials', {
      preHandler: requireAuth(deps, 'write:accounts'),
      schema: { body: readSchema('mastodon/update-credentials.json') },
      bodyLimit: 2 * MEDIA_LIMITS.imageBytes + 1024 * 1024,
    }, async (request) => {
      const { user, actor } = me(request);
      const files = pictures.get(request) ?? {};
      const input = profileUpdate(request.body as Params);
      if (files.avatar) input.avatar = { data: files.avatar };
      if (files.header) input.header = { data: files.header };
      const updated = await updateProfile(deps, user, actor, input);
      return credentials(request, updated.actor, updated.settings);
    });
  });

  for (const which of ['avatar', 'header'] as const) {
    app.delete(`/v1/profile/${which}`, { preHandler: requireAuth(deps, 'write:accounts') }, async (request) => {
      const { user, actor } = me(request);
      const updated = await updateProfile(deps, user, actor, { [which]: 'remove' });
      return credentials(request, updated.actor, updated.settings);
    });
  }

  app.get('/v1/accounts/relationships', { preHandler: requireAuth(deps, 'read:follows') }, async (request) => {
    const accounts = await getAccounts(deps, idList(request.query as Params));
    return Promise.all(accounts.map((a) => relationship(request, a)));
  });

  app.get('/v1/accounts/familiar_followers', { preHandler: requireAuth(deps, 'read:follows') }, async (request) => {
    const accounts = await getAccounts(deps, idList(request.query as Params));
    return Promise.all(accounts.map(async (a) => ({ id: a.id, accounts: await presentAll(await familiarFollowers(deps, me(request).actor, a)) })));
  });

  app.get('/v1/accounts/lookup', { preHandler: optionalAuth(deps) }, async (request) => {
    const acct = requiredString(request.query as Params, 'acct');
    return present(await lookupAccount(deps, acct));
  });

  app.get('/v1/accounts/search', { preHandler: requireAuth(deps, 'read:accounts') }, async (request) => {
    const q = request.query as Params;
    const query = requiredString(q, 'q');
    return presentAll(await searchAccounts(deps, query, limitParam(q.limit, 40)));
  });

  // Mastodon 4.3's batch fetch: GET /api/v1/accounts?id[]=1&id[]=2.
  app.get('/v1/accounts', { preHandler: optionalAuth(deps) }, async (request) => presentAll(await getAccounts(deps, idList(request.query as Params))));

  for (const which of ['followers', 'following'] as const) {
    app.get(`/v1/accounts/:id/${which}`, { preHandler: optionalAuth(deps) }, async (request, reply) => {
      const actor = await getAccount(deps, idParam(request));
      const q = request.query as Params;
      const page = await followPage(deps, actor, which, limitParam(q.limit, 40), typeof q.max_id === 'string' && /^\d{1,20}$/.test(q.max_id) ? q.max_id : undefined);
      setNextLink(deps, request, reply, page.nextMaxId);
      return presentAll(page.accounts);
    });
  }

  app.post('/v1/accounts/:id/follow', { preHandler: requireAuth(deps, 'write:follows') }, async (request) => {
    const target = await getAccount(deps, idParam(request));
    const { follow, created } = await followActor(deps, me(request).actor.username, handleOf(deps, target));
    if (created) request.log.info({ followId: follow.id, state: follow.state }, 'follow created');
    // Mastodon's notify=true: a `status` notification for each of the account's new posts.
    const notifyOnPost = toBool((request.body as Params | undefined)?.notify);
    if (notifyOnPost !== undefined) await deps.store.notifications.setPostSubscription(me(request).actor.id, target.id, notifyOnPost);
    return relationship(request, target);
  });

  app.post('/v1/accounts/:id/unfollow', { preHandler: requireAuth(deps, 'write:follows') }, async (request) => {
    const target = await getAccount(deps, idParam(request));
    await unfollowActor(deps, me(request).actor.username, handleOf(deps, target));
    return relationship(request, target);
  });

  // Profiles ask for these; Samspil stores neither featured tags nor list members yet, so a known
  // account has none (an unknown one is still 404).
  app.get('/v1/accounts/:id/featured_tags', { preHandler: optionalAuth(deps) }, async (request) => {
    await getAccount(deps, idParam(request));
    return [];
  });
  app.get('/v1/accounts/:id/lists', { preHandler: requireAuth(deps, 'read:lists') }, async (request) => {
    const account = await getAccount(deps, idParam(request));
    return (await listsWithAccount(deps, request.principal!.user!.id, account.id)).map(serializeList);
  });

  app.get('/v1/accounts/:id', { preHandler: optionalAuth(deps) }, async (request) => present(await getAccount(deps, idParam(request))));
}

/** Requests to follow an account that approves followers by hand. Ids are the requesting accounts'. */
export async function followRequestRoutes(app: FastifyInstance, deps: FedDeps): Promise<void> {
  const present = async (actor: Actor) => serializeAccount(deps.urls, actor, await accountCounts(deps, actor));

  app.get('/v1/follow_requests', { preHandler: requireAuth(deps, 'read:follows') }, async (request) => {
    const requests = await listFollowRequests(deps, me(request).actor.username, limitParam((request.query as Params).limit, 40));
    const counts = await accountCountsOf(deps, requests.map((r) => r.follower));
    return requests.map((r) => serializeAccount(deps.urls, r.follower, counts.get(r.follower.id)));
  });

  for (const [action, decide] of [['authorize', approveFollowRequest], ['reject', rejectFollowRequest]] as const) {
    app.post(`/v1/follow_requests/:id/${action}`, { preHandler: requireAuth(deps, 'write:follows') }, async (request) => {
      const follower = await getAccount(deps, idParam(request));
      const viewer = me(request).actor;
      await decide(deps, viewer.username, handleOf(deps, follower));
      return serializeRelationship(follower, await relationshipOf(deps, viewer, follower));
    });
  }
}
