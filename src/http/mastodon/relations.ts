import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import { getAccount } from '../../domain/accounts/directory.js';
import { accountCountsOf } from '../../domain/accounts/counts.js';
import { relationshipOf } from '../../domain/accounts/relationships.js';
import {
  blockAccount, blockDomain, blockedAccounts, blockedDomains, muteAccount, mutedAccounts, pinStatus, setAccountNote,
  unblockAccount, unblockDomain, unmuteAccount, unpinStatus,
} from '../../domain/relations/relations.js';
import { visibleEntry } from '../../domain/statuses/access.js';
import { DomainError, invalid } from '../../errors.js';
import type { Actor } from '../../store/port.js';
import { readSchema } from '../../schemas.js';
import { requireAuth } from '../plugins/auth.js';
import { serializeAccount } from './entities/account.js';
import { serializeRelationship } from './entities/relationship.js';
import { StatusPresenter } from './entities/status.js';
import { pageParams, setPageLinks } from './paging.js';
import { toBool } from './params.js';

type Params = Record<string, unknown>;

const me = (request: FastifyRequest): Actor => request.principal!.actor!;
const idParam = (request: FastifyRequest) => (request.params as { id: string }).id;
const bodyOf = (request: FastifyRequest): Params => ({ ...((request.query ?? {}) as Params), ...((request.body ?? {}) as Params) });

/** Mastodon's `duration` (seconds; 0 or absent: for ever): an integer, as a number or digits. */
function durationParam(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d{1,12}$/.test(v.trim())) return Number(v.trim());
  throw invalid('MUTE_DURATION_INVALID', 'Validation failed: Duration is invalid');
}

/**
 * Blocks, mutes, domain blocks, account notes and pins (Mastodon's Accounts::BlocksController and
 * friends). The rules are in src/domain/relations/; where they apply, see filter.ts there.
 */
export async function relationRoutes(app: FastifyInstance, deps: FedDeps): Promise<void> {
  const relationship = async (viewer: Actor, target: Actor) => serializeRelationship(target, await relationshipOf(deps, viewer, target));

  const accountAction = (path: string, scopes: string, run: (viewer: Actor, target: Actor, body: Params) => Promise<void>, schema?: string) =>
    app.post(`/v1/accounts/:id/${path}`, { preHandler: requireAuth(deps, scopes), ...(schema ? { schema: { body: readSchema(schema) } } : {}) }, async (request) => {
      const target = await getAccount(deps, idParam(request));
      await run(me(request), target, bodyOf(request));
      return relationship(me(request), target);
    });
  accountAction('block', 'write:blocks', (v, t) => blockAccount(deps, v, t));
  accountAction('unblock', 'write:blocks', (v, t) => unblockAccount(deps, v, t));
  accountAction('mute', 'write:mutes', (v, t, b) => muteAccount(deps, v, t, { notifications: toBool(b.notifications), duration: durationParam(b.duration) }), 'mastodon/account-mute.json');
  accountAction('unmute', 'write:mutes', (v, t) => unmuteAccount(deps, v, t));
  accountAction('note', 'write:accounts', (v, t, b) => setAccountNote(deps, v, t, b.comment), 'mastodon/account-note.json');

  app.get('/v1/blocks', { preHandler: requireAuth(deps, 'read:blocks') }, async (request, reply) => {
    const page = pageParams(request.query, 40);
    const { ids, accounts } = await blockedAccounts(deps, me(request), page);
    setPageLinks(deps, request, reply, ids, page.limit);
    const counts = await accountCountsOf(deps, accounts);
    return accounts.map((a) => serializeAccount(deps.urls, a, counts.get(a.id)));
  });

  // Mastodon's mutes list: accounts with `mute_expires_at`.
  app.get('/v1/mutes', { preHandler: requireAuth(deps, 'read:mutes') }, async (request, reply) => {
    const page = pageParams(request.query, 40);
    const { ids, mutes } = await mutedAccounts(deps, me(request), page);
    setPageLinks(deps, request, reply, ids, page.limit);
    const counts = await accountCountsOf(deps, mutes.map((m) => m.account));
    return mutes.map((m) => ({ ...serializeAccount(deps.urls, m.account, counts.get(m.account.id)), mute_expires_at: m.mute.expiresAt }));
  });

  app.get('/v1/domain_blocks', { preHandler: requireAuth(deps, 'read:blocks') }, async (request, reply) => {
    const page = pageParams(request.query, 100);
    const blocks = await blockedDomains(deps, me(request), page);
    setPageLinks(deps, request, reply, blocks.map((b) => b.id), page.limit);
    return blocks.map((b) => b.domain);
  });
  app.post('/v1/domain_blocks', { preHandler: requireAuth(deps, 'write:blocks'), schema: { body: readSchema('mastodon/domain-block.json') } }, async (request) => {
    await blockDomain(deps, me(request), bodyOf(request).domain);
    return {};
  });
  app.delete('/v1/domain_blocks', { preHandler: requireAuth(deps, 'write:blocks'), schema: { body: readSchema('mastodon/domain-block.json') } }, async (request) => {
    await unblockDomain(deps, me(request), bodyOf(request).domain);
    return {};
  });

  // Pins: the answer is the status, now with `pinned` (Mastodon's PinsController).
  for (const [path, pin] of [['pin', true], ['unpin', false]] as const) {
    app.post(`/v1/statuses/:id/${path}`, { preHandler: requireAuth(deps, 'write:accounts') }, async (request) => {
      const viewer = me(request);
      const entry = await visibleEntry(deps, viewer, idParam(request));
      if (pin) await pinStatus(deps, viewer, entry.object, !!entry.reblog);
      else if (!entry.reblog) await unpinStatus(deps, viewer, entry.object);
      const s = await new StatusPresenter(deps, viewer).entry(entry);
      if (!s) throw new DomainError('not_found', 'STATUS_NOT_FOUND', 'Record not found');
      return s;
    });
  }
}
