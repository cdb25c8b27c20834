import { AS_CONTEXT } from '../../activitypub/vocab/context.js';
import { followAnswer, undoFollowActivity } from '../../activitypub/convert/activities.js';
import { queueDelivery } from '../../activitypub/outbox/send.js';
import type { FedDeps } from '../../activitypub/federation.js';
import { invalid } from '../../errors.js';
import { newId } from '../../ids.js';
import type { AccountBlock, AccountDomainBlock, AccountMute, Actor, NotificationType, Page, Store, StoredObject } from '../../store/port.js';
import { StoreConflict } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { withdraw } from '../notifications/notify.js';
import { domainMatches, normalizeDomain } from './domains.js';

export { domainMatches, normalizeDomain };

const ALL_TYPES: NotificationType[] = ['follow', 'follow_request', 'mention', 'favourite', 'reblog', 'status', 'update', 'adoption'];

/** Mastodon's ActivityPub::BlockSerializer: the Block's own id, actor and object. */
export function blockActivity(block: AccountBlock, actor: Actor, target: Actor): Record<string, unknown> {
  return { '@context': AS_CONTEXT, id: block.uri, type: 'Block', actor: actor.uri, object: target.uri };
}

/** Mastodon's UndoBlockSerializer: Undo embedding the Block with its original id. */
export function undoBlockActivity(block: AccountBlock, actor: Actor, target: Actor): Record<string, unknown> {
  return { '@context': AS_CONTEXT, id: `${block.uri}/undo`, type: 'Undo', actor: actor.uri, object: blockActivity(block, actor, target) };
}

/**
 * Ends the follows between two accounts both ways, as Mastodon's BlockService does before it
 * blocks (and ActivityPub::Activity::Block when a remote account blocks one of ours): our follow
 * of a remote account is undone (Undo Follow to it), its follow of ours is refused (Reject Follow
 * to it), notifications about those follows are withdrawn, post subscriptions end.
 */
export async function severFollows(deps: Pick<Deps, 'now'>, tx: Store, local: Actor, other: Actor, options: { rejectTheirs?: boolean } = {}): Promise<void> {
  const out = await tx.follows.getByPair(local.id, other.id);
  if (out) {
    await tx.follows.delete(out.id);
    await withdraw(tx, { type: out.state === 'pending' ? 'follow_request' : 'follow', fromActorId: local.id, accountId: other.id });
    if (other.domain !== null) await queueDelivery(deps, tx, local, undoFollowActivity(out, local, other), { inboxes: [other.inbox] });
  }
  const back = await tx.follows.getByPair(other.id, local.id);
  if (back) {
    await tx.follows.delete(back.id);
    await withdraw(tx, { type: back.state === 'pending' ? 'follow_request' : 'follow', fromActorId: other.id, accountId: local.id });
    if (other.domain !== null && options.rejectTheirs !== false) await queueDelivery(deps, tx, local, followAnswer('Reject', back, other, local, newId(deps.now().getTime())), { inboxes: [other.inbox] });
  }
  await tx.notifications.setPostSubscription(local.id, other.id, false);
  await tx.notifications.setPostSubscription(other.id, local.id, false);
}

/** Mastodon's AfterBlockService: what the blocked account caused leaves the blocker's notifications. */
async function clearNotificationsFrom(tx: Store, accountId: string, fromActorId: string): Promise<void> {
  for (const type of ALL_TYPES) await tx.notifications.removeWhere({ type, fromActorId, accountId });
}

/**
 * POST /api/v1/accounts/:id/block: follows end both ways, the block is stored, and a remote
 * account is sent Block to its own inbox (Mastodon's BlockService). Blocking oneself does nothing.
 */
export async function blockAccount(fed: FedDeps, viewer: Actor, target: Actor): Promise<void> {
  if (viewer.id === target.id) return;
  await fed.store.transaction(async (tx) => {
    await severFollows(fed, tx, viewer, target);
    const id = newId(fed.now().getTime());
    const { block, created } = await tx.relations.putBlock({ id, accountId: viewer.id, targetId: target.id, uri: `${viewer.uri}#blocks/${id}`, createdAt: fed.now().toISOString() });
    await clearNotificationsFrom(tx, viewer.id, target.id);
    if (created && target.domain !== null) await queueDelivery(fed, tx, viewer, blockActivity(block, viewer, target), { inboxes: [target.inbox] });
  });
  fed.wake();
}

/** Mastodon's UnblockService: the block goes; a remote account is sent Undo(Block). */
export async function unblockAccount(fed: FedDeps, viewer: Actor, target: Actor): Promise<void> {
  await fed.store.transaction(async (tx) => {
    const block = await tx.relations.deleteBlock(viewer.id, target.id);
    if (block && target.domain !== null) await queueDelivery(fed, tx, viewer, undoBlockActivity(block, viewer, target), { inboxes: [target.inbox] });
  });
  fed.wake();
}

/** The largest mute duration accepted (Mastodon takes any; a bound keeps the date valid). */
const MAX_MUTE_SECONDS = 10 * 365 * 24 * 3600;

/**
 * POST /api/v1/accounts/:id/mute: `notifications` (default true) mutes their notifications too;
 * `duration` seconds (0 or none: for ever). Muting again changes both. Muting oneself does nothing.
 */
export async function muteAccount(deps: Pick<Deps, 'store' | 'now'>, viewer: Actor, target: Actor, input: { notifications?: boolean; duration?: number }): Promise<void> {
  if (viewer.id === target.id) return;
  const duration = input.duration ?? 0;
  if (!Number.isInteger(duration) || duration < 0 || duration > MAX_MUTE_SECONDS) throw invalid('MUTE_DURATION_INVALID', 'Validation failed: Duration is invalid');
  const now = deps.now();
  await deps.store.relations.putMute({
    id: newId(now.getTime()), accountId: viewer.id, targetId: target.id, notifications: input.notifications ?? true,
    expiresAt: duration > 0 ? new Date(now.getTime() + duration * 1000).toISOString() : null, createdAt: now.toISOString(),
  });
}

export async function unmuteAccount(deps: Pick<Deps, 'store'>, viewer: Actor, target: Actor): Promise<void> {
  await deps.store.relations.deleteMute(viewer.id, target.id);
}

/** A page of the accounts the viewer blocks (or mutes), with the row ids Mastodon pages by. */
export async function blockedAccounts(deps: Pick<Deps, 'store'>, viewer: Actor, page: Page): Promise<{ ids: string[]; accounts: Actor[] }> {
  const rows = await deps.store.relations.listBlocks(viewer.id, page);
  return { ids: rows.map((r) => r.id), accounts: await actorsOf(deps, rows.map((r) => r.targetId)) };
}

export async function mutedAccounts(deps: Pick<Deps, 'store' | 'now'>, viewer: Actor, page: Page): Promise<{ ids: string[]; mutes: Array<{ mute: AccountMute; account: Actor }> }> {
  const rows = await deps.store.relations.listMutes(viewer.id, deps.now().toISOString(), page);
  const out: Array<{ mute: AccountMute; account: Actor }> = [];
  for (const mute of rows) {
    const account = await deps.store.actors.getById(mute.targetId);
    if (account && !account.suspendedAt) out.push({ mute, account });
  }
  return { ids: rows.map((r) => r.id), mutes: out };
}

async function actorsOf(deps: Pick<Deps, 'store'>, ids: string[]): Promise<Actor[]> {
  const out: Actor[] = [];
  for (const id of ids) {
    const a = await deps.store.actors.getById(id);
    if (a && !a.suspendedAt) out.push(a);
  }
  return out;
}

/**
 * POST /api/v1/domain_blocks: nothing from the domain is shown to the viewer, and its accounts
 * that follow the viewer no longer do (Mastodon's BlockDomainFromAccountService; each is sent Reject).
 */
export async function blockDomain(fed: FedDeps, viewer: Actor, rawDomain: unknown): Promise<AccountDomainBlock> {
  const domain = normalizeDomain(rawDomain);
  const MAX_FOLLOWERS = 10_000;
  const block = await fed.store.transaction(async (tx) => {
    const { block } = await tx.relations.putDomainBlock({ id: newId(fed.now().getTime()), accountId: viewer.id, domain, createdAt: fed.now().toISOString() });
    for (const f of [...await tx.follows.listFollowers(viewer.id, { state: 'accepted', limit: MAX_FOLLOWERS }), ...await tx.follows.listFollowers(viewer.id, { state: 'pending', limit: MAX_FOLLOWERS })]) {
      const follower = await tx.actors.getById(f.followerId);
      if (!follower || !domainMatches(domain, follower.domain)) continue;
      await tx.follows.delete(f.id);
      await withdraw(tx, { type: f.state === 'pending' ? 'follow_request' : 'follow', fromActorId: follower.id, accountId: viewer.id });
      await queueDelivery(fed, tx, viewer, followAnswer('Reject', f, follower, viewer, newId(fed.now().getTime())), { inboxes: [follower.inbox] });
    }
    return block;
  });
  fed.wake();
  return block;
}

export async function unblockDomain(deps: Pick<Deps, 'store'>, viewer: Actor, rawDomain: unknown): Promise<void> {
  await deps.store.relations.deleteDomainBlock(viewer.id, normalizeDomain(rawDomain));
}

export async function blockedDomains(deps: Pick<Deps, 'store'>, viewer: Actor, page: Page): Promise<AccountDomainBlock[]> {
  return deps.store.relations.listDomainBlocks(viewer.id, page);
}

/** Mastodon's AccountNote: at most 2,000 characters; empty removes it. */
export async function setAccountNote(deps: Pick<Deps, 'store' | 'now'>, viewer: Actor, target: Actor, comment: unknown): Promise<void> {
  if (comment !== undefined && comment !== null && typeof comment !== 'string') throw invalid('NOTE_INVALID', 'Validation failed: Comment is invalid');
  const text = typeof comment === 'string' ? comment : '';
  if ([...text].length > 2000) throw invalid('NOTE_TOO_LONG', 'Validation failed: Comment is too long (maximum is 2000 characters)');
  await deps.store.relations.setNote({ accountId: viewer.id, targetId: target.id, comment: text.trim() ? text : '', updatedAt: deps.now().toISOString() });
}

/** Mastodon's StatusPinValidator::PIN_LIMIT. */
export const PIN_LIMIT = 5;

/** Mastodon's Add/Remove of a pinned post: to the featured collection, sent to the followers. */
function featuredActivity(kind: 'Add' | 'Remove', actor: Actor, object: StoredObject, id: string): Record<string, unknown> {
  return {
    '@context': AS_CONTEXT, id: `${actor.uri}#${kind === 'Add' ? 'pins' : 'unpins'}/${id}`, type: kind, actor: actor.uri,
    object: object.uri, target: actor.featuredUri ?? `${actor.uri}/collections/featured`,
  };
}

/**
 * POST /api/v1/statuses/:id/pin, with Mastodon's StatusPinValidator in its order: a boost, someone
 * else's post, a direct post, the fifth pin. A post pinned already stays pinned (nothing is sent).
 * Followers are sent Add(object -> featured), as Mastodon's PinsController does.
 */
export async function pinStatus(fed: FedDeps, viewer: Actor, object: StoredObject, isReblog: boolean): Promise<void> {
  if (isReblog) throw invalid('PIN_REBLOG', 'Validation failed: A boost cannot be pinned');
  if (object.actorId !== viewer.id) throw invalid('PIN_OWNERSHIP', "Validation failed: Someone else's post cannot be pinned");
  if (object.visibility === 'direct') throw invalid('PIN_DIRECT', 'Validation failed: Posts that are only visible to mentioned users cannot be pinned');
  if ((await fed.store.relations.pinnedAmong(viewer.id, [object.id])).length) return;
  await fed.store.transaction(async (tx) => {
    if ((await tx.relations.countPins(viewer.id)) >= PIN_LIMIT) throw invalid('PIN_LIMIT', 'Validation failed: You have already pinned the maximum number of posts');
    const id = newId(fed.now().getTime());
    try {
      await tx.relations.putPin({ id, accountId: viewer.id, statusId: object.id, createdAt: fed.now().toISOString() });
    } catch (e) {
      if (e instanceof StoreConflict) return;
      throw e;
    }
    await queueDelivery(fed, tx, viewer, featuredActivity('Add', viewer, object, id), { followers: true });
  });
  fed.wake();
}

/** POST /api/v1/statuses/:id/unpin: followers are sent Remove when there was a pin. */
export async function unpinStatus(fed: FedDeps, viewer: Actor, object: StoredObject): Promise<void> {
  await fed.store.transaction(async (tx) => {
    if (!(await tx.relations.deletePin(viewer.id, object.id))) return;
    await queueDelivery(fed, tx, viewer, featuredActivity('Remove', viewer, object, newId(fed.now().getTime())), { followers: true });
  });
  fed.wake();
}

/** Pinned posts of an account, newest pin first (at most PIN_LIMIT for local accounts). */
export async function pinnedStatuses(deps: Pick<Deps, 'store'>, account: Actor): Promise<StoredObject[]> {
  const out: StoredObject[] = [];
  for (const pin of await deps.store.relations.listPins(account.id, 20)) {
    const o = await deps.store.objects.getById(pin.statusId);
    if (o && !o.deletedAt) out.push(o);
  }
  return out;
}
