import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { getAccount, getAccounts, lookupAccount, searchAccounts } from '../../domain/accounts/directory.js';
import { updateProfile, type ProfileUpdate } from '../../domain/accounts/profile.js';
import { getUserSettings } from '../../domain/accounts/settings.js';
import { DomainError } from '../../errors.js';
import { readSchema } from '../../schemas.js';
import { optionalAuth, requireAuth } from '../plugins/auth.js';
import { requireAnyScope } from './auth.js';
import { serializeAccount, serializeCredentialAccount } from './entities/account.js';
import { serializeRelationship } from './entities/relationship.js';
import { limitParam, toBool } from './params.js';

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

export async function accountRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { urls } = deps;
  const me = (request: FastifyRequest) => ({ user: request.principal!.user!, actor: request.principal!.actor! });

  // Mastodon 4.3 opens verify_credentials to tokens with only the `profile` scope.
  app.get('/v1/accounts/verify_credentials', { preHandler: requireAnyScope(deps, ['profile', 'read:accounts']) }, async (request) => {
    const { user, actor } = me(request);
    return serializeCredentialAccount(urls, actor, user, await getUserSettings(deps, user.id));
  });

  app.patch('/v1/accounts/update_credentials', {
    preHandler: requireAuth(deps, 'write:accounts'),
    schema: { body: readSchema('mastodon/update-credentials.json') },
  }, async (request) => {
    const { user, actor } = me(request);
    const updated = await updateProfile(deps, user, actor, profileUpdate(request.body as Params));
    return serializeCredentialAccount(urls, updated.actor, user, updated.settings);
  });

  app.get('/v1/accounts/relationships', { preHandler: requireAuth(deps, 'read:follows') }, async (request) => {
    const accounts = await getAccounts(deps, idList(request.query as Params));
    return accounts.map((a) => serializeRelationship(a));
  });

  app.get('/v1/accounts/familiar_followers', { preHandler: requireAuth(deps, 'read:follows') }, async (request) => {
    // Nobody follows anybody until follows are stored, so every entry is valid and empty.
    const accounts = await getAccounts(deps, idList(request.query as Params));
    return accounts.map((a) => ({ id: a.id, accounts: [] }));
  });

  app.get('/v1/accounts/lookup', { preHandler: optionalAuth(deps) }, async (request) => {
    const acct = requiredString(request.query as Params, 'acct');
    return serializeAccount(urls, await lookupAccount(deps, acct));
  });

  app.get('/v1/accounts/search', { preHandler: requireAuth(deps, 'read:accounts') }, async (request) => {
    const q = request.query as Params;
    const query = requiredString(q, 'q');
    const found = await searchAccounts(deps, query, limitParam(q.limit, 40));
    return found.map((a) => serializeAccount(urls, a));
  });

  // Mastodon 4.3's batch fetch: GET /api/v1/accounts?id[]=1&id[]=2.
  app.get('/v1/accounts', { preHandler: optionalAuth(deps) }, async (request) => {
    const accounts = await getAccounts(deps, idList(request.query as Params));
    return accounts.map((a) => serializeAccount(urls, a));
  });

  // Profiles ask for these; Samspil stores neither featured tags nor list members yet, so a known
  // account has none (an unknown one is still 404).
  app.get('/v1/accounts/:id/featured_tags', { preHandler: optionalAuth(deps) }, async (request) => {
    await getAccount(deps, (request.params as { id: string }).id);
    return [];
  });
  app.get('/v1/accounts/:id/lists', { preHandler: requireAuth(deps, 'read:lists') }, async (request) => {
    await getAccount(deps, (request.params as { id: string }).id);
    return [];
  });

  app.get('/v1/accounts/:id', { preHandler: optionalAuth(deps) }, async (request) => {
    const { id } = request.params as { id: string };
    return serializeAccount(urls, await getAccount(deps, id));
  });
}
